import * as path from 'path';
import {
  PLACEHOLDER_AGE_RECIPIENT,
  SECRET_ENCRYPTED_REGEX,
  SopsPolicy,
  isPlaceholderRecipient,
  recipientList,
} from '../../lib/secrets/sops-policy';
import { RECIPIENT_A, RECIPIENT_B, REPO_ROOT, rmrf, tempRepo } from './helpers';

describe('the repository .sops.yaml', () => {
  const policy = SopsPolicy.load(REPO_ROOT)!;

  test('covers platform/secrets/ with rule 0 and app-local secrets/ with rule 1', () => {
    expect(policy.source).toBe(path.join(REPO_ROOT, '.sops.yaml'));
    expect(policy.ruleFor('platform/secrets/capmox-credentials.sops.yaml')?.index).toBe(0);
    expect(policy.ruleFor('platform/secrets/nested/x.yml')?.index).toBe(0);
    expect(policy.ruleFor('apps/grafana/secrets/admin.sops.yaml')?.index).toBe(1);
  });

  test('leaves everything else alone', () => {
    expect(policy.ruleFor('platform/secrets/readme.md')).toBeUndefined();
    expect(policy.ruleFor('clusters/platform.yaml')).toBeUndefined();
    expect(policy.ruleFor('platform/mysecrets/x.yaml')).toBeUndefined();
  });

  test('encrypts data and stringData only', () => {
    for (const rule of policy.rules) expect(rule.encryptedRegex).toBe(SECRET_ENCRYPTED_REGEX);
  });

  test('ships the placeholder recipient until the user sets theirs', () => {
    expect(policy.recipientsFor('platform/secrets/x.yaml').age).toEqual([PLACEHOLDER_AGE_RECIPIENT]);
    expect(policy.hasPlaceholderRecipient()).toBe(true);
    expect(policy.hasPlaceholderRecipient('platform/secrets/x.yaml')).toBe(true);
    expect(policy.hasPlaceholderRecipient('not/covered.yaml')).toBe(false);
  });
});

describe('SopsPolicy.fromYaml', () => {
  test('reads comma-separated and list recipients, key groups and other key kinds', () => {
    const policy = SopsPolicy.fromYaml(
      [
        'creation_rules:',
        '  - path_regex: ^a/.*\\.yaml$',
        `    age: ${RECIPIENT_A}, ${RECIPIENT_B}`,
        '    pgp: ABCDEF0123456789',
        '  - path_regex: ^b/',
        '    key_groups:',
        `      - age: [${RECIPIENT_B}]`,
        '        kms:',
        '          - arn: arn:aws:kms:eu-west-1:1:key/x',
        '  - age:',
        `      - ${RECIPIENT_A}`,
      ].join('\n'),
    );
    expect(policy.recipientsFor('a/s.yaml')).toMatchObject({
      age: [RECIPIENT_A, RECIPIENT_B],
      pgp: ['ABCDEF0123456789'],
    });
    expect(recipientList(policy.recipientsFor('b/s.yaml'))).toEqual([
      `age:${RECIPIENT_B}`,
      'kms:arn:aws:kms:eu-west-1:1:key/x',
    ]);
    // a rule without path_regex matches everything (sops uses the first match)
    expect(policy.ruleFor('c/anything.json')?.index).toBe(2);
    expect(policy.hasPlaceholderRecipient()).toBe(false);
  });

  test('honours a (?i) prefix as case-insensitive matching', () => {
    const policy = SopsPolicy.fromYaml(`creation_rules:\n  - path_regex: (?i)^SECRETS/\n    age: ${RECIPIENT_A}\n`);
    expect(policy.ruleFor('secrets/x.yaml')?.index).toBe(0);
  });

  test('path_regex follows Go RE2: linear time on (a+)+$, no lookaround or backreferences, unanchored match', () => {
    const hostile = SopsPolicy.fromYaml('creation_rules:\n  - path_regex: (a+)+$\n    age: age1x\n');
    const started = Date.now();
    // catastrophic backtracking in a backtracking engine: no match, found in linear time
    expect(hostile.ruleFor(`${'a'.repeat(5000)}!`)).toBeUndefined();
    expect(hostile.ruleFor('x/aaa')?.index).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const re of ['(?=x)y', '(a)\\1', '(?<=a)b']) {
      expect(() => SopsPolicy.fromYaml(`creation_rules:\n  - path_regex: '${re}'\n`, 'p')).toThrow(
        /is not an RE2 expression/,
      );
    }
    const unanchored = SopsPolicy.fromYaml('creation_rules:\n  - path_regex: secrets/.*\\.yaml\n    age: age1x\n');
    expect(unanchored.ruleFor('apps/x/secrets/a.yaml')?.index).toBe(0);
    expect(() => SopsPolicy.fromYaml(`creation_rules:\n  - path_regex: '${'a'.repeat(1001)}'\n`, 'p')).toThrow(
      'p: creation_rules[0].path_regex is 1001 characters long; at most 1000 are accepted',
    );
  });

  test('an empty file has no rules', () => {
    expect(SopsPolicy.fromYaml('').rules).toEqual([]);
    expect(SopsPolicy.fromYaml('').recipientsFor('x.yaml').age).toEqual([]);
  });

  test('errors name the file and the problem', () => {
    expect(() => SopsPolicy.fromYaml('creation_rules: [', 'x/.sops.yaml')).toThrow(/^x\/\.sops\.yaml: not valid YAML/);
    expect(() => SopsPolicy.fromYaml('creation_rules: 3', 'x/.sops.yaml')).toThrow(
      'x/.sops.yaml: creation_rules must be a list, got number',
    );
    expect(() => SopsPolicy.fromYaml('creation_rules:\n  - path_regex: "("\n', 'x/.sops.yaml')).toThrow(
      /^x\/\.sops\.yaml: creation_rules\[0\]\.path_regex: "\(" is not an RE2 expression as sops reads it \(error parsing regexp: missing closing \)/,
    );
    expect(() => SopsPolicy.fromYaml('creation_rules:\n  - 7\n', 'x/.sops.yaml')).toThrow(
      'x/.sops.yaml: creation_rules[0] must be a mapping',
    );
    expect(() => SopsPolicy.fromYaml('creation_rules:\n  - age: {a: 1}\n', 'x/.sops.yaml')).toThrow(
      'x/.sops.yaml: creation_rules[0]: a key field must be a string or a list, got object',
    );
  });

  test('load returns undefined when there is no .sops.yaml', () => {
    const root = tempRepo(null);
    try {
      expect(SopsPolicy.load(root)).toBeUndefined();
    } finally {
      rmrf(root);
    }
  });

  test('isPlaceholderRecipient spots the shipped placeholder and obvious stand-ins', () => {
    expect(isPlaceholderRecipient(PLACEHOLDER_AGE_RECIPIENT)).toBe(true);
    expect(isPlaceholderRecipient('age1changeme')).toBe(true);
    expect(isPlaceholderRecipient(RECIPIENT_A)).toBe(false);
  });
});
