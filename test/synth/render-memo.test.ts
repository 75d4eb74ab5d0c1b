import { ApiObject, App, Chart } from 'cdk8s';
import { renderedJson, withRenderMemo } from '../../lib/core/synth/render-memo';

function configMap(): ApiObject {
  return new ApiObject(new Chart(new App(), 'chart'), 'cm', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
    data: { a: '1' },
  });
}

describe('renderedJson', () => {
  it('renders afresh outside a memo scope', () => {
    const obj = configMap();
    const first = renderedJson(obj);
    expect(first).toEqual(obj.toJson());
    expect(renderedJson(obj)).not.toBe(first);
  });

  it('renders each object once inside a scope, nested scopes included, and afresh after it', () => {
    const obj = configMap();
    const other = configMap();
    const [inner, outer, again] = withRenderMemo(() => {
      const a = renderedJson(obj);
      const b = withRenderMemo(() => renderedJson(obj));
      return [a, b, renderedJson(obj)];
    });
    expect(outer).toBe(inner);
    expect(again).toBe(inner);
    expect(inner).toEqual(obj.toJson());
    expect(withRenderMemo(() => renderedJson(other))).not.toBe(renderedJson(other));
    // A change after the scope is seen.
    obj.metadata.addLabel('after', 'yes');
    expect(renderedJson(obj).metadata.labels).toEqual({ after: 'yes' });
  });

  it('ends the scope when the function throws', () => {
    const obj = configMap();
    expect(() =>
      withRenderMemo(() => {
        renderedJson(obj);
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(renderedJson(obj)).not.toBe(renderedJson(obj));
  });
});
