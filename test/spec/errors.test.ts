import { countLabel, formatSpecError, formatSpecErrors, sortSpecErrors } from '../../lib/core/errors';
import type { SpecError } from '../../lib/core/errors';

const base: SpecError = {
  file: 'clusters/prod/prod.yaml',
  line: 30,
  column: 16,
  path: 'network.endpointVip',
  message: 'x',
};

describe('formatSpecError', () => {
  test('file:line:col  path: message (expected ...). hint', () => {
    expect(
      formatSpecError({
        ...base,
        message: 'endpoint VIP 10.30.0.25 is inside the IP pool 10.30.0.20-10.30.0.49',
        expected: 'an address outside the IP pool',
        hint: 'move the VIP out of the pool',
      }),
    ).toBe(
      'clusters/prod/prod.yaml:30:16  network.endpointVip: endpoint VIP 10.30.0.25 is inside the IP pool 10.30.0.20-10.30.0.49 (expected an address outside the IP pool). move the VIP out of the pool.',
    );
  });

  test('no path, no expected, no hint; hints keep their own punctuation', () => {
    expect(formatSpecError({ ...base, path: '', message: 'the file is empty.' })).toBe(
      'clusters/prod/prod.yaml:30:16  the file is empty.',
    );
    expect(formatSpecError({ ...base, hint: 'did you mean `vmbr0`?' })).toBe(
      'clusters/prod/prod.yaml:30:16  network.endpointVip: x. did you mean `vmbr0`?',
    );
  });

  test('no position (specs from code): just the file', () => {
    expect(formatSpecError({ ...base, file: '<platform>', line: 0, column: 0 })).toBe(
      '<platform>  network.endpointVip: x.',
    );
  });
});

describe('sorting', () => {
  test('by file, line, column, then path; duplicates dropped', () => {
    const errors: SpecError[] = [
      { ...base, file: 'b.yaml', line: 1 },
      { ...base, file: 'a.yaml', line: 9 },
      { ...base, file: 'a.yaml', line: 2, column: 5 },
      { ...base, file: 'a.yaml', line: 2, column: 1 },
      { ...base, file: 'a.yaml', line: 2, column: 1 },
    ];
    expect(sortSpecErrors(errors).map((e) => `${e.file}:${e.line}:${e.column}`)).toEqual([
      'a.yaml:2:1',
      'a.yaml:2:5',
      'a.yaml:9:16',
      'b.yaml:1:16',
    ]);
    expect(formatSpecErrors(errors).split('\n')).toHaveLength(4);
  });

  test('countLabel', () => {
    expect(countLabel(1, 'error')).toBe('1 error');
    expect(countLabel(2, 'error')).toBe('2 errors');
  });
});
