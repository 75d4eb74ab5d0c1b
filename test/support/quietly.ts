/** Runs `fn` with `process.emitWarning` silenced (`yaml`'s `toJS` warns through it about a collection as a key). */
export function quietly<T>(fn: () => T): T {
  const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    warning.mockRestore();
  }
}
