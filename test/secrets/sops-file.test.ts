import { SOPS_ENCRYPTED_VALUE, inspectSopsSecret, isSopsEncryptedSecret } from '../../lib/secrets/sops-file';
import { RECIPIENT_A, RECIPIENT_B, enc, encryptedSecretText } from './helpers';

describe('inspectSopsSecret', () => {
  test('accepts a Secret encrypted by sops and reports its name, keys and recipients', () => {
    const r = inspectSopsSecret(
      encryptedSecretText({ recipients: [RECIPIENT_A, RECIPIENT_B], data: { b: enc(), a: enc('') } }),
    );
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ name: 'demo', namespace: 'demo-ns', keys: ['a', 'b'] });
    expect(r.recipients.age).toEqual([RECIPIENT_A, RECIPIENT_B]);
  });

  test('a plaintext value is named, never shown', () => {
    const r = inspectSopsSecret(encryptedSecretText({ data: { password: 'c2VjcmV0LXZhbHVl' } }));
    expect(r.problems).toEqual(['data.password is not encrypted (expected an ENC[AES256_GCM,...] value)']);
    expect(r.problems.join()).not.toContain('c2VjcmV0LXZhbHVl');
  });

  test('a file without sops metadata was not encrypted', () => {
    expect(inspectSopsSecret(encryptedSecretText({ sops: null })).problems).toEqual([
      'has no sops metadata block; it was not encrypted with sops',
    ]);
  });

  test('sops metadata needs mac, lastmodified and a key group', () => {
    const text =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\ndata:\n  k: ' + enc() + '\nsops:\n  version: 3.13.2\n';
    expect(inspectSopsSecret(text).problems).toEqual([
      'sops.mac is missing or not an ENC[...] value',
      'sops.lastmodified is missing',
      'sops metadata names no key group (age, pgp, kms, ...); nobody can decrypt it',
    ]);
  });

  test('encrypted metadata is a problem (the name and namespace must stay readable)', () => {
    const text = encryptedSecretText({}).replace('  name: demo', `  name: ${enc()}`);
    expect(inspectSopsSecret(text).problems).toEqual([
      'has encrypted metadata; only data and stringData may be encrypted (encrypted_regex: ^(data|stringData)$ in ' +
        '.sops.yaml), so the name and namespace stay readable',
    ]);
  });

  test('recipients inside key_groups count', () => {
    const text = encryptedSecretText({}).replace(
      /sops:\n {2}age:\n([\s\S]*?)\n {2}encrypted_regex/,
      (_m, ages: string) => `sops:\n  key_groups:\n    - age:\n${ages.replace(/^/gm, '    ')}\n  encrypted_regex`,
    );
    expect(inspectSopsSecret(text).recipients.age).toEqual([RECIPIENT_A]);
  });

  test('wrong kind, several documents, no values, invalid YAML', () => {
    expect(inspectSopsSecret(encryptedSecretText({}).replace('kind: Secret', 'kind: ConfigMap')).problems).toEqual([
      'is apiVersion "v1" kind "ConfigMap"; expected apiVersion v1 kind Secret',
    ]);
    expect(inspectSopsSecret('a: 1\n---\nb: 2\n').problems).toEqual([
      'holds 2 YAML documents; expected exactly one Secret per file',
    ]);
    expect(inspectSopsSecret(encryptedSecretText({ data: {} }).replace(/^data:\n/m, '')).problems).toEqual([
      'has no data or stringData entries',
    ]);
    expect(inspectSopsSecret('a: [\n').problems[0]).toMatch(/^is not valid YAML/);
    expect(inspectSopsSecret('- 1\n').problems).toEqual(['is not a YAML mapping; expected a Kubernetes Secret']);
    expect(inspectSopsSecret(encryptedSecretText({}).replace(/^data:\n.*\n/m, 'data: 3\n')).problems).toEqual([
      'data is not a mapping',
      'has no data or stringData entries',
    ]);
  });

  test('SOPS_ENCRYPTED_VALUE matches sops output only', () => {
    expect(SOPS_ENCRYPTED_VALUE.test(enc())).toBe(true);
    expect(SOPS_ENCRYPTED_VALUE.test('ENC[AES256_GCM,data:x]')).toBe(false);
    expect(SOPS_ENCRYPTED_VALUE.test('aGVsbG8=')).toBe(false);
  });

  test('isSopsEncryptedSecret', () => {
    expect(isSopsEncryptedSecret({ kind: 'Secret', data: { a: enc() }, sops: {} })).toBe(true);
    expect(isSopsEncryptedSecret({ kind: 'Secret', data: { a: 'eA==' }, sops: {} })).toBe(false);
    expect(isSopsEncryptedSecret({ kind: 'Secret', data: { a: enc() } })).toBe(false);
  });
});
