/**
 * Reads one spec file, refusing what a spec file cannot be: anything but a regular file (a FIFO would block forever),
 * more than {@link MAX_SPEC_FILE_BYTES}, or text that is not UTF-8 (a decoder would silently turn the bad bytes into
 * U+FFFD and that would reach the output).
 */
import type { SpecError } from '../errors';
import { readRegularFile } from '../read-regular-file';

/** A spec file is a few KiB; 2 MiB leaves room for generated ones and bounds the work of every check. */
export const MAX_SPEC_FILE_BYTES = 2 * 1024 * 1024;

type Problem = Omit<SpecError, 'file' | 'path'>;

export function readSpecFile(file: string): { text: string } | { problem: Problem } {
  const read = readRegularFile(file, MAX_SPEC_FILE_BYTES);
  if ('bytes' in read) return decodeUtf8(read.bytes);
  const why = read.unreadable;
  switch (why.kind) {
    case 'not-regular':
      return { problem: unreadable('it is not a regular file', 'special-file') };
    case 'too-large':
      return {
        problem: {
          line: 1,
          column: 1,
          message: `the file is ${why.size} bytes, more than the limit of ${MAX_SPEC_FILE_BYTES}`,
          expected: `at most ${MAX_SPEC_FILE_BYTES} bytes`,
          hint: 'a spec file describes one cluster in a few KiB: split it, or remove what does not belong',
          rule: 'file-too-large',
        },
      };
    case 'missing':
      return { problem: unreadable('cannot open it (ENOENT)') };
    case 'error':
      return { problem: unreadable(`cannot read it (${why.code})`) };
  }
}

function decodeUtf8(bytes: Buffer): { text: string } | { problem: Problem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return {
      problem: {
        line,
        column,
        message: `byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at} is not valid UTF-8`,
        expected: 'a UTF-8 text file',
        hint: 'save the file as UTF-8 (the bytes would otherwise become U+FFFD in the output)',
        rule: 'invalid-utf8',
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest prefix a streaming decoder accepts (an unfinished last sequence is not an error yet), by bisection:
  // each decode is linear, O(n log n) overall.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The first lo bytes decode, maybe ending inside a sequence: then that sequence is the bad one, else byte lo.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo));
    return Math.min(lo, bytes.length - 1);
  } catch {
    let start = lo;
    while (start > 0 && (bytes[start - 1] & 0xc0) === 0x80) start--;
    return Math.max(0, start - 1);
  }
}

function unreadable(why: string, rule = 'unreadable-file'): Problem {
  return {
    line: 1,
    column: 1,
    message: `${why}`,
    expected: 'a regular file the loader can read',
    hint: 'check that the file exists, is a regular file and is readable by this user',
    rule,
  };
}
