/** Kubernetes label syntax for environment and cluster labels (they land on the Cluster and Argo CD secrets). */
import { DNS_1123_SUBDOMAIN_PATTERN, LABEL_NAME_PATTERN } from '../../rules/facts';
import { code } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';

/** Name part of a key, and a non-empty value. */
const NAME = LABEL_NAME_PATTERN;

export function checkLabels(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  const { platform } = config;
  platform.environments.forEach((env, i) =>
    check(issues, platform.sourceFile, ['environments', i, 'labels'], env.labels),
  );
  for (const cluster of config.clusters) {
    // The resolved labels include the environment's; report only the cluster's own keys here.
    check(
      issues,
      cluster.sourceFile,
      ['labels'],
      cluster.labels,
      platform.environments.find((e) => e.name === cluster.environment)?.labels,
    );
  }
  return issues;
}

function check(
  issues: Issue[],
  file: string,
  at: SpecPath,
  labels: Readonly<Record<string, string>>,
  inherited?: Readonly<Record<string, string>>,
): void {
  for (const [key, value] of Object.entries(labels)) {
    if (inherited && inherited[key] === value) continue;
    const reserved = keyProblem(key) ? undefined : reservedProblem(key);
    if (reserved) {
      issues.push({
        file,
        path: [...at, key],
        at: 'key',
        rule: 'reserved-label',
        message: reserved,
        expected: 'a label key of your own, e.g. `team` or `example.com/team`',
        hint: 'remove it: these labels are set by the platform, and a wrong one moves objects between clusters',
      });
      continue;
    }
    const problem =
      keyProblem(key) ??
      (value === '' || NAME.test(value) ? undefined : `value ${code(value)} is not a valid label value`);
    if (!problem) continue;
    issues.push({
      file,
      path: [...at, key],
      at: 'key',
      rule: 'invalid-label',
      message: problem,
      expected:
        'a Kubernetes label: `[prefix/]name`, name and value at most 63 characters of letters, digits, `-`, `_` ' +
        'and `.`, starting and ending alphanumeric',
      hint: 'replace spaces and other characters with `-`, and keep the prefix a DNS subdomain (`example.com/`)',
    });
  }
}

/**
 * Prefixes Kubernetes, Cluster API and Argo CD own (`cluster.x-k8s.io/cluster-name` decides which cluster a Machine
 * belongs to). `app.kubernetes.io/` is the recommended set for users and stays allowed.
 */
const RESERVED_PREFIX = /(^|\.)(kubernetes\.io|k8s\.io|x-k8s\.io|argoproj\.io)$/;

function reservedProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash);
  if (prefix === 'app.kubernetes.io' || !RESERVED_PREFIX.test(prefix)) return undefined;
  return `key ${code(key)} uses the prefix ${code(prefix)}, which Kubernetes, Cluster API or Argo CD set themselves`;
}

function keyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  // The optional key prefix is a DNS subdomain.
  if (prefix !== undefined && !DNS_1123_SUBDOMAIN_PATTERN.test(prefix))
    return `key prefix ${code(prefix)} is not a DNS subdomain`;
  if (!NAME.test(name)) return `key ${code(key)} is not a valid label key`;
  return undefined;
}
