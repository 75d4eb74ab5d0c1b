import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { toolPath } from '../conformance/tools';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The pinned sops and age-keygen in $TOOLS_DIR/bin (default .tools/bin; `npm run tools` builds them). */
export const SOPS = toolPath('sops');
export const AGE_KEYGEN = toolPath('age-keygen');

/** A syntactically valid SOPS ciphertext (not decryptable); for unit tests that never call sops. */
export function enc(data = 'aGVsbG8='): string {
  return `ENC[AES256_GCM,data:${data},iv:H0f8qzrpM4HZCWvIAlIxrCJsjnztgczO5ZzUA0qLAY0=,tag:QnEs8xA0FEu2dkHOHKi/LQ==,type:str]`;
}

/** A fake age recipient in the right shape. */
export const RECIPIENT_A = 'age19cger5sm6fdnkf0jrnn0ksmetyweqx3yzrcch60h3c2jquza35wqrh37lh';
export const RECIPIENT_B = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';

/** The text of a Secret that looks exactly like `sops` output for `recipients`. */
export function encryptedSecretText(options: {
  name?: string;
  namespace?: string;
  recipients?: string[];
  data?: Record<string, string>;
  sops?: Record<string, unknown> | null;
}): string {
  const recipients = options.recipients ?? [RECIPIENT_A];
  const data = options.data ?? { password: enc() };
  const lines = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${options.name ?? 'demo'}`,
    `  namespace: ${options.namespace ?? 'demo-ns'}`,
    'type: Opaque',
    'data:',
    ...Object.entries(data).map(([k, v]) => `  ${k}: ${v}`),
  ];
  if (options.sops !== null) {
    lines.push('sops:', '  age:');
    for (const r of recipients) {
      lines.push(
        '    - enc: |',
        '        -----BEGIN AGE ENCRYPTED FILE-----',
        '        YWdl',
        '        -----END AGE ENCRYPTED FILE-----',
      );
      lines.push(`      recipient: ${r}`);
    }
    lines.push(
      '  encrypted_regex: ^(data|stringData)$',
      '  lastmodified: "2026-01-01T00:00:00Z"',
      `  mac: ${enc('bWFj')}`,
      '  version: 3.13.2',
    );
  }
  return lines.join('\n') + '\n';
}

/** The project's `.sops.yaml` with the placeholder replaced by `recipient` (or kept, with `undefined`). */
export function sopsConfigText(recipient: string | undefined): string {
  const text = fs.readFileSync(path.join(REPO_ROOT, '.sops.yaml'), 'utf8');
  return recipient === undefined ? text : text.split('age1REPLACE_WITH_PUBLIC_KEY').join(recipient);
}

/** A temporary repository root with a `.sops.yaml` (unless `recipient` is null) and the given files. */
export function tempRepo(recipient: string | undefined | null, files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-secrets-'));
  if (recipient !== null) fs.writeFileSync(path.join(root, '.sops.yaml'), sopsConfigText(recipient));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** Generates a throwaway age key in a private temp folder: `{ keyFile, recipient }`. */
export function testAgeKey(): { keyFile: string; recipient: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-age-'));
  fs.chmodSync(dir, 0o700);
  const keyFile = path.join(dir, 'keys.txt');
  const gen = spawnSync(AGE_KEYGEN, ['-o', keyFile], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`age-keygen failed: ${gen.stderr}`);
  const pub = spawnSync(AGE_KEYGEN, ['-y', keyFile], { encoding: 'utf8' });
  return { keyFile, recipient: pub.stdout.trim(), dir };
}

export function rmrf(...dirs: string[]): void {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

/** A gzip'd ustar archive of text files (what `helm package` writes). */
export function tgz(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(Buffer.byteLength(content).toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    const body = Buffer.from(content, 'utf8');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}
