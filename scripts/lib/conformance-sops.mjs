// Conformance (c): SOPS with the real sops and age: a round trip with a throwaway key, the .sops.yaml creation rules,
// every file under a secrets/ folder encrypted, and no Secret with plaintext data.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { rel } from './conformance-common.mjs';
import { describe, listFiles, manifestFiles, routeDocument, splitYamlDocuments } from './documents.mjs';
import {
  checkEncryptedDocument,
  hasSopsMetadata,
  isSecretsPath,
  nearestSopsConfig,
  plaintextSecretValues,
  readSopsConfig,
  ruleFor,
} from './sops.mjs';
import { run } from './tools.mjs';

export function sopsSelfTest(ctx) {
  const { report, tools, env, tmp } = ctx;
  const dir = path.join(tmp, 'sops');
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'test.agekey');
  const kg = run(tools['age-keygen'], ['-o', keyFile], { env });
  if (kg.code !== 0) {
    report.add('sops', 'age-keygen', 'FAIL', (kg.stderr || kg.error || '').trim());
    return undefined;
  }
  const pub = run(tools['age-keygen'], ['-y', keyFile], { env }).stdout.trim();
  const sopsEnv = { ...env, SOPS_AGE_KEY_FILE: keyFile };
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'conformance-self-test', namespace: 'default' },
    type: 'Opaque',
    stringData: { token: `self-test-${process.pid}-${Date.now()}` },
  };
  const plainFile = path.join(dir, 'secret.yaml');
  writeFileSync(plainFile, stringifyYaml(secret));
  const enc = run(
    tools.sops,
    [
      '--encrypt',
      '--age',
      pub,
      '--encrypted-regex',
      '^(data|stringData)$',
      '--input-type',
      'yaml',
      '--output-type',
      'yaml',
      plainFile,
    ],
    { cwd: dir, env: sopsEnv },
  );
  if (enc.code !== 0) {
    report.add('sops', 'self-test', 'FAIL', `sops --encrypt: ${enc.stderr.trim().split('\n')[0]}`);
    return { keyFile, pub, sopsEnv };
  }
  const encObj = parseYaml(enc.stdout);
  const { errors } = checkEncryptedDocument(encObj, undefined);
  const leaked = enc.stdout.includes(secret.stringData.token);
  const encFile = path.join(dir, 'secret.enc.yaml');
  writeFileSync(encFile, enc.stdout);
  const dec = run(tools.sops, ['--decrypt', '--input-type', 'yaml', '--output-type', 'yaml', encFile], {
    cwd: dir,
    env: sopsEnv,
  });
  const back = dec.code === 0 ? parseYaml(dec.stdout) : undefined;
  if (leaked || errors.length || !isDeepStrictEqual(back, secret) || encObj.metadata?.name !== secret.metadata.name) {
    report.add(
      'sops',
      'self-test',
      'FAIL',
      leaked
        ? 'the plaintext value is in the encrypted file'
        : (errors[0] ?? `decrypted file differs: ${dec.stderr.trim().split('\n')[0]}`),
    );
  } else {
    report.add(
      'sops',
      'self-test',
      'PASS',
      `encrypt --age + --encrypted-regex '^(data|stringData)$', decrypt, round trip equal (key ${pub.slice(0, 12)}…)`,
    );
  }
  return { keyFile, pub, sopsEnv };
}

export function checkSops(k8sDir, ctx, key) {
  const { report, tools, env, tmp } = ctx;
  const files = manifestFiles(k8sDir, []).concat(
    // JSON files can be SOPS files too
    listFiles(k8sDir).filter((f) => f.endsWith('.json')),
  );
  const configs = new Map();
  let checked = 0;
  for (const file of files) {
    const r = path.relative(k8sDir, file);
    /** @type {import('./documents.mjs').YamlDocument[]} */
    let docs;
    try {
      docs = file.endsWith('.json')
        ? [{ obj: JSON.parse(readFileSync(file, 'utf8')) }]
        : splitYamlDocuments(readFileSync(file, 'utf8'), r).filter((d) => !d.error);
    } catch {
      continue; // parse problems are reported by the manifest check
    }
    const encrypted = docs.some((d) => hasSopsMetadata(d.obj));
    const target = rel(file);
    if (!encrypted) {
      // KSOPS keeps its kustomization.yaml and generator next to the encrypted files: those are not secrets
      const toolConfigOnly = docs.length > 0 && docs.every((d) => routeDocument(d) === 'tool-config');
      if (isSecretsPath(r) && !toolConfigOnly) {
        report.add(
          'sops',
          target,
          'FAIL',
          'under a secrets/ folder but not SOPS-encrypted (encrypt it with sops; see .sops.yaml)',
        );
        checked++;
        continue;
      }
      const plain = docs.flatMap((d) => plaintextSecretValues(d.obj).map((p) => `${describe(d.obj)}: ${p}`));
      if (plain.length) {
        report.add(
          'sops',
          target,
          'FAIL',
          `plaintext Secret data (move it to a SOPS file under secrets/): ${plain.join(', ')}`,
        );
        checked++;
      }
      continue;
    }
    checked++;
    const confFile = nearestSopsConfig(file, k8sDir);
    if (confFile && !configs.has(confFile)) configs.set(confFile, readSopsConfig(confFile));
    const conf = confFile ? configs.get(confFile) : undefined;
    const rule = conf ? ruleFor(conf, file) : undefined;
    const errors = [];
    const warnings = [];
    if (!conf) warnings.push('no .sops.yaml above this file');
    else if (!rule) warnings.push(`no creation rule of ${rel(confFile)} matches this path`);
    for (const d of docs) {
      if (!hasSopsMetadata(d.obj)) {
        errors.push(`${describe(d.obj)}: document without sops metadata in an encrypted file`);
        continue;
      }
      const c = checkEncryptedDocument(d.obj, rule);
      errors.push(...c.errors.map((e) => `${describe(d.obj)}: ${e}`));
      warnings.push(...c.warnings);
    }
    const status = run(tools.sops, ['filestatus', file], { env });
    let st;
    try {
      st = JSON.parse(status.stdout);
    } catch {
      st = undefined;
    }
    if (!st?.encrypted)
      errors.push(
        `sops filestatus: ${st ? 'not encrypted' : (status.stderr || status.error || '').trim().split('\n')[0]}`,
      );
    // decrypt where this run can: files encrypted to the run's test key
    const recipients = docs.flatMap((d) => (d.obj?.sops?.age ?? []).map((a) => a.recipient));
    let decrypted = '';
    if (key && recipients.includes(key.pub)) {
      const dec = run(tools.sops, ['--decrypt', file], { env: key.sopsEnv, cwd: path.dirname(file) });
      if (dec.code !== 0) errors.push(`sops --decrypt: ${dec.stderr.trim().split('\n')[0]}`);
      else decrypted = ', decrypted with the test key';
    }
    if (errors.length) report.add('sops', target, 'FAIL', errors.join('\n'));
    else if (warnings.length) report.add('sops', target, 'WARN', [...new Set(warnings)].join('\n'));
    else
      report.add(
        'sops',
        target,
        'PASS',
        `encrypted per ${rule ? `rule ${rule.index} of ${rel(confFile)}` : 'its metadata'}${decrypted}`,
      );
  }

  // the .sops.yaml rules themselves, with the real sops: encrypt a sample Secret at a path each rule matches,
  // with the rule's recipients swapped for the run's test key (placeholders like age1REPLACE... are not keys)
  const sopsFiles = listFiles(k8sDir).filter((f) => path.basename(f) === '.sops.yaml');
  for (const confFile of sopsFiles) {
    const conf = readSopsConfig(confFile);
    const target = rel(confFile);
    if (!conf.rules.length) {
      report.add('sops rules', target, 'FAIL', 'no creation_rules');
      continue;
    }
    if (!key) continue;
    const base = path.dirname(confFile);
    const candidates = [
      ...files.map((f) => path.relative(base, f)).filter((r) => !r.startsWith('..')),
      'platform/secrets/conformance.sops.yaml',
      'platform/secrets/conformance.yaml',
      'apps/conformance/secrets/conformance.sops.yaml',
    ];
    const problems = [];
    const tested = [];
    for (const rule of conf.rules) {
      const sample = candidates.find((c) => ruleFor(conf, path.join(base, c)) === rule);
      if (!sample) continue;
      const dir = path.join(tmp, 'sops-rules', String(rule.index));
      mkdirSync(path.join(dir, path.dirname(sample)), { recursive: true });
      const raw = parseYaml(readFileSync(confFile, 'utf8'));
      for (const r of raw.creation_rules ?? []) {
        if (r.age !== undefined) r.age = key.pub;
        for (const g of r.key_groups ?? []) if (g.age !== undefined) g.age = [key.pub];
      }
      writeFileSync(path.join(dir, '.sops.yaml'), stringifyYaml(raw));
      const sampleFile = path.join(dir, sample);
      writeFileSync(
        sampleFile,
        stringifyYaml({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'rule-test' },
          stringData: { k: 'rule-test-value' },
        }),
      );
      const enc = run(tools.sops, ['--encrypt', '--input-type', 'yaml', '--output-type', 'yaml', sampleFile], {
        cwd: dir,
        env: key.sopsEnv,
      });
      if (enc.code !== 0) {
        problems.push(`rule ${rule.index} (${sample}): sops --encrypt: ${enc.stderr.trim().split('\n')[0]}`);
        continue;
      }
      const obj = parseYaml(enc.stdout);
      const c = checkEncryptedDocument(obj, undefined);
      if (c.errors.length || enc.stdout.includes('rule-test-value'))
        problems.push(`rule ${rule.index} (${sample}): ${c.errors[0] ?? 'plaintext left'}`);
      else if (obj.metadata?.name !== 'rule-test')
        problems.push(
          `rule ${rule.index} (${sample}): metadata was encrypted too; want encrypted_regex '^(data|stringData)$'`,
        );
      else tested.push(`rule ${rule.index} (${sample})`);
    }
    if (problems.length) report.add('sops rules', target, 'FAIL', problems.join('\n'));
    else if (!tested.length)
      report.add(
        'sops rules',
        target,
        'WARN',
        'no rule matches platform/secrets/ or a secrets/ file; nothing encrypted with it',
      );
    else report.add('sops rules', target, 'PASS', `real sops encrypts per ${tested.join(', ')}`);
  }
  if (!checked && !sopsFiles.length)
    report.add(
      'sops',
      rel(k8sDir),
      'PASS',
      'no encrypted files, nothing unencrypted under secrets/, no plaintext Secret',
    );
}
