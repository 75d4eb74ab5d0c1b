/** Reading the output's files as text: binary files are skipped, packed Helm charts are opened. */
import * as zlib from 'zlib';

/** A NUL byte in the first 8000 bytes: git's test for a binary file. */
export function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}

/** Text files of a gzip'd tar archive (a packed Helm chart). Unreadable archives give no entries. */
export function readTarGz(buf: Buffer): { name: string; text: string }[] {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(buf);
  } catch {
    return [];
  }
  const out: { name: string; text: string }[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number): string =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const body = tar.subarray(off + 512, off + 512 + size);
    if ((type === '0' || type === '') && !isBinary(body)) out.push({ name, text: body.toString('utf8') });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
