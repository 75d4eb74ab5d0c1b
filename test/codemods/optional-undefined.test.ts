import { callEsm } from '../conformance/esm';

const rewrite = (text: string) =>
  callEsm<{ text: string; count: number }>(
    'scripts/codemods/optional-undefined.mjs',
    'addUndefinedToOptionalProperties',
    'x.ts',
    text,
  );

describe('codemod: optional properties accept undefined (exactOptionalPropertyTypes)', () => {
  test('adds | undefined to optional properties, nested ones included, and parenthesizes function types', () => {
    const source = [
      'export interface P {',
      '  readonly a?: string;',
      '  readonly b: number;',
      '  readonly c?: { readonly d?: number; readonly e: string };',
      '  readonly f?: () => void;',
      '  readonly g?: string | undefined;',
      '  readonly h?: unknown;',
      '  readonly i?: A extends B ? C : D;',
      '}',
      'export function f(x?: string): void {}',
      'class K { public y?: string; }',
      '',
    ].join('\n');
    const { text, count } = rewrite(source);
    expect(text).toBe(
      [
        'export interface P {',
        '  readonly a?: string | undefined;',
        '  readonly b: number;',
        '  readonly c?: { readonly d?: number | undefined; readonly e: string } | undefined;',
        '  readonly f?: (() => void) | undefined;',
        '  readonly g?: string | undefined;',
        '  readonly h?: unknown;',
        '  readonly i?: (A extends B ? C : D) | undefined;',
        '}',
        'export function f(x?: string): void {}',
        'class K { public y?: string; }',
        '',
      ].join('\n'),
    );
    expect(count).toBe(5);
  });

  test('is idempotent: a second run changes nothing', () => {
    const once = rewrite('type T = { a?: Record<string, { b?: string[] }> };\n');
    expect(once.text).toBe('type T = { a?: Record<string, { b?: string[] | undefined }> | undefined };\n');
    expect(rewrite(once.text)).toEqual({ text: once.text, count: 0 });
  });
});
