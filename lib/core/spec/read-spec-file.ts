/**
 * Reads one spec file, refusing what a spec file cannot be: anything but a regular file (a FIFO would block forever),
 * more than {@link MAX_SPEC_FILE_BYTES}, or text that is not UTF-8 (a decoder would silently turn the bad bytes into
 * U+FFFD and that would reach the output).
 */
import * as fs from 'fs';
import type { SpecError } from '../errors';

/** A spec file is a few KiB; 2 MiB leaves room for generated ones and bounds the work of every check. */
export const MAX_SPEC_FILE_BYTES = 2 * 1024 * 1024;

type Problem = Omit<SpecError, 'file' | 'path'>;

export function readSpecFile(file: string): { text: string } | { problem: Problem } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that appeared after discovery must not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { problem: unreadable(`cannot open it (${(err as NodeJS.ErrnoException).code ?? 'error'})`) };
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { problem: unreadable('it is not a regular file', 'special-file') };
    if (stats.size > MAX_SPEC_FILE_BYTES) {
      return {
        problem: {
          line: 1,
          column: 1,
          message: `the file is ${stats.size} bytes, more than the limit of ${MAX_SPEC_FILE_BYTES}`,
          hint: 'a spec file describes one cluster in a few KiB: split it, or remove what does not belong',
          rule: 'file-too-large',
        },
      };
    }
    const bytes = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = fs.readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return decodeUtf8(bytes.subarray(0, filled));
  } catch (err) {
    return { problem: unreadable(`cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`) };
  } finally {
    fs.closeSync(fd);
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
  return { line: 1, column: 1, message: `${why}`, rule };
}
