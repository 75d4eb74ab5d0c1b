// Writes a config folder with the bundled platform.yaml and N generated, valid workload clusters (unique names,
// networks, VLANs, VIPs, pools and VM ID ranges), spread over the example's environments.
import { mkdirSync, readFileSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function generateConfig(repoRoot, outDir, count) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const platformText = readFileSync(join(repoRoot, 'clusters', 'platform.yaml'), 'utf8');
  const platform = parse(platformText);
  const envs = (platform.environments ?? []).map((e) => e.name);
  if (envs.length === 0) throw new Error('clusters/platform.yaml declares no environments');
  writeFileSync(
    join(outDir, 'platform.yaml'),
    platformText.replace(/\$schema=\S+/, '$schema=../schemas/platform.schema.json'),
  );
  const template = parse(
    readFileSync(join(repoRoot, 'clusters', envs[0], readdirSync(join(repoRoot, 'clusters', envs[0]))[0]), 'utf8'),
  );
  for (let i = 0; i < count; i++) {
    const env = envs[i % envs.length];
    // 10.128.0.0/9 is free in the example: one /24 per cluster, VLAN 100 + i.
    const second = 128 + Math.floor(i / 256);
    const third = i % 256;
    const net = `10.${second}.${third}`;
    const spec = {
      ...template,
      name: `bench-${String(i).padStart(4, '0')}`,
      controlPlane: { ...template.controlPlane, count: 3 },
      workers: { ...template.workers, count: 3 },
      network: {
        ...template.network,
        vlan: 100 + (i % 3900),
        cidr: `${net}.0/24`,
        gateway: `${net}.1`,
        dns: [`${net}.1`],
        endpointVip: `${net}.10`,
        ipPool: { start: `${net}.20`, end: `${net}.60` },
      },
      placement: { ...(template.placement ?? {}), vmIdRange: { start: 100000 + i * 100, end: 100000 + i * 100 + 99 } },
      labels: { ...(template.labels ?? {}), bench: 'true' },
    };
    mkdirSync(join(outDir, env), { recursive: true });
    writeFileSync(join(outDir, env, `${spec.name}.yaml`), JSON.stringify(spec, null, 2) + '\n');
  }
}
