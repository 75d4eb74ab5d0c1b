/**
 * Per-document validation, before resolving: the right `kind`, the JSON Schema, then address syntax. Cross-file and
 * semantic checks run later on the resolved model (`validate.ts`).
 */
import { checkAddressSyntax, platformAddressFields, workloadAddressFields } from './checks/address-syntax';
import { checkExtensions } from './checks/extensions';
import { checkTextValues } from './checks/text-values';
import { code, show } from './issue';
import type { Issue } from './issue';
import { schemaIssues } from './schema/messages';
import { schemaErrors } from './schema/validate';
import type { SpecKind } from './schema/validate';
import type { PlatformSpec, WorkloadClusterSpec } from './types';

export type { SpecKind } from './schema/validate';

/** Problems of one document; empty means it can be resolved. */
export function validateSpecDocument(kind: SpecKind, data: unknown, file: string): Issue[] {
  const wrongKind = kindMismatch(kind, data, file);
  if (wrongKind) return [wrongKind];
  const text = checkTextValues(file, data);
  const errors = schemaErrors(kind, data);
  if (errors.length) return [...text, ...schemaIssues(kind, file, data, errors)];
  if (kind === 'Platform') {
    const spec = data as PlatformSpec;
    return [...text, ...checkExtensions(file, spec), ...checkAddressSyntax(file, platformAddressFields(spec))];
  }
  return [...text, ...checkAddressSyntax(file, workloadAddressFields(data as WorkloadClusterSpec))];
}

/** A Platform in a cluster folder (or the reverse) would otherwise drown in unknown-key errors: say it once. */
function kindMismatch(kind: SpecKind, data: unknown, file: string): Issue | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const found = (data as { kind?: unknown }).kind;
  if (found !== 'Platform' && found !== 'WorkloadCluster') return undefined;
  if (found === kind) return undefined;
  return {
    file,
    path: ['kind'],
    rule: 'wrong-kind',
    message: `a ${show(found)} document does not belong in this file`,
    expected: code(kind),
    hint:
      kind === 'Platform'
        ? 'platform.yaml holds the `Platform`; workload clusters go in <env>/<cluster>.yaml'
        : 'files under <env>/ hold one `WorkloadCluster` each; the `Platform` lives in platform.yaml',
  };
}
