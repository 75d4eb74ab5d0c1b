// A transcribed upstream file (imports/sources.json `localCopy`, e.g. the Talos ServiceAccount CRD that no release
// ships as a file) is read only when its header names the upstream file and its body is that file byte for byte.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TALOS_VERSION } from '../../lib/core/versions';
import { REPO_ROOT, evalEsm } from '../conformance/esm';

interface Group {
  group: string;
  upstreamRepo: string;
  tag: string;
  files: { upstreamPath: string; localCopy?: string; gitBlob?: string }[];
}
const sources = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'imports', 'sources.json'), 'utf8')) as { crds: { groups: Group[] } };
const transcribed = sources.crds.groups.flatMap((g) => g.files.filter((f) => f.localCopy).map((f) => ({ g, f })));

/** Calls readTranscribedFile; returns the body's length or the error message. */
function read(args: Record<string, unknown>): { length?: number; error?: string } {
  return evalEsm(`
    const { readTranscribedFile } = await import('./scripts/lib/import-common.mjs');
    try { return { length: readTranscribedFile(${JSON.stringify(args)}).length }; } catch (e) { return { error: e.message }; }
  `);
}

test('the Talos ServiceAccount CRD is transcribed at the pinned Talos version', () => {
  const talos = sources.crds.groups.find((g) => g.group === 'talos.dev');
  expect(talos).toMatchObject({ upstreamRepo: 'siderolabs/talos', tag: `v${TALOS_VERSION}` });
  expect(talos!.files.map((f) => f.localCopy)).toEqual(['imports/upstream/talos.dev/serviceaccounts.talos.dev.yaml']);
});

test.each(transcribed.map(({ g, f }) => [f.localCopy!, g, f] as const))('%s: header and body match sources.json', (_name, g, f) => {
  const r = read({ label: g.group, localCopy: f.localCopy, upstreamRepo: g.upstreamRepo, tag: g.tag, upstreamPath: f.upstreamPath, gitBlob: f.gitBlob });
  expect(r.error).toBeUndefined();
  expect(r.length).toBeGreaterThan(100);
});

test('a changed body or a header that does not name the upstream file is refused', () => {
  const { g, f } = transcribed[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transcribed-'));
  const text = fs.readFileSync(path.join(REPO_ROOT, f.localCopy!), 'utf8');
  const args = { label: g.group, upstreamRepo: g.upstreamRepo, tag: g.tag, upstreamPath: f.upstreamPath, gitBlob: f.gitBlob };
  const edited = path.join(dir, 'edited.yaml');
  fs.writeFileSync(edited, text.replace('type: string', 'type: integer'));
  expect(read({ ...args, localCopy: edited }).error).toMatch(/below its header has git blob [0-9a-f]{40}, sources.json pins/);
  const noHeader = path.join(dir, 'no-header.yaml');
  fs.writeFileSync(noHeader, text.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
  expect(read({ ...args, localCopy: noHeader }).error).toMatch(/does not name siderolabs\/talos, v\d+\.\d+\.\d+, internal\/app/);
  fs.rmSync(dir, { recursive: true, force: true });
});
