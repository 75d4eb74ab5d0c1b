import { ApiObject, App, Chart } from 'cdk8s';
import { renderedJson, takeRenderedJson, withRenderMemo } from '../../lib/core/synth/render-memo';

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

  it('hands the memoized rendering to its last user once, and keeps nothing it did not memoize', () => {
    const obj = configMap();
    withRenderMemo(() => {
      const first = renderedJson(obj);
      expect(takeRenderedJson(obj)).toBe(first);
      const fresh = takeRenderedJson(obj);
      expect(fresh).not.toBe(first);
      expect(fresh).toEqual(first);
      expect(takeRenderedJson(obj)).not.toBe(fresh);
    });
    expect(takeRenderedJson(obj)).toEqual(obj.toJson());
  });
});
