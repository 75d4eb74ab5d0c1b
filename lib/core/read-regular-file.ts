/**
 * Reads a file that must be a regular file of bounded size, without ever blocking: opened with `O_NONBLOCK` (a FIFO
 * that appears in place of a file would otherwise wait forever for a writer), checked with `fstat` on the open
 * descriptor (no race between the check and the read), refused past `maxBytes` before anything is read.
 */
import * as fs from 'fs';

/** Why a file was not read. `missing`: it does not exist. */
export type UnreadableReason =
  | { readonly kind: 'missing' }
  | { readonly kind: 'not-regular' }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'error'; readonly code: string };

export function readRegularFile(file: string, maxBytes: number): { bytes: Buffer } | { unreadable: UnreadableReason } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { unreadable: code === 'ENOENT' ? { kind: 'missing' } : { kind: 'error', code } };
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { unreadable: { kind: 'not-regular' } };
    if (stats.size > maxBytes) return { unreadable: { kind: 'too-large', size: stats.size } };
    const bytes = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = fs.readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: bytes.subarray(0, filled) };
  } catch (err) {
    return { unreadable: { kind: 'error', code: (err as NodeJS.ErrnoException).code ?? 'error' } };
  } finally {
    fs.closeSync(fd);
  }
}
