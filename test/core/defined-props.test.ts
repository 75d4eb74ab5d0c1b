import { definedProps, optionalProp } from '../../lib/core/defined-props';
import { SyncPolicy, DEFAULT_SYNC_RETRY } from '../../lib/gitops/sync-policy';

describe('definedProps', () => {
  it('drops the undefined values and keeps the order of the others', () => {
    const props = definedProps({ a: 1, b: undefined as string | undefined, c: null, d: 0, e: '' });
    expect(Object.keys(props)).toEqual(['a', 'c', 'd', 'e']);
    expect(props).toEqual({ a: 1, c: null, d: 0, e: '' });
  });

  it('copies: the input is left as it was', () => {
    const input = { a: 1, b: undefined };
    definedProps(input);
    expect(Object.keys(input)).toEqual(['a', 'b']);
  });
});

describe('optionalProp', () => {
  it('is the one field, or nothing for undefined, where it is spread', () => {
    const dependsOn: string[] | undefined = undefined;
    expect(Object.keys({ first: 1, ...optionalProp('dependsOn', ['x']), last: 2 })).toEqual([
      'first',
      'dependsOn',
      'last',
    ]);
    expect({ first: 1, ...optionalProp('dependsOn', dependsOn) }).toEqual({ first: 1 });
    expect(optionalProp('count', 0)).toEqual({ count: 0 });
  });
});

describe('optional props passed as undefined', () => {
  it('take their default (SyncPolicy retry settings)', () => {
    expect(SyncPolicy.automated({}, { limit: undefined, backoffFactor: 3 }).retryOptions).toEqual({
      ...DEFAULT_SYNC_RETRY,
      backoffFactor: 3,
    });
  });
});
