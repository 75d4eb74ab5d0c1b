import { compatibilityProblems } from '../../core/rules/compatibility';
import type { CompatibilityRule } from '../../core/versions';
import type { ProviderVersionSet } from '../../core/rules/compatibility';
import { Version } from '../../core/rules/version';
import type { ICapiProvider } from './provider-base';

/** Which COMPATIBILITY rule key an operator provider maps to, by kind and name. */
function ruleKey(p: ICapiProvider): CompatibilityRule['provider'] | undefined {
  if (p.providerKind === 'InfrastructureProvider' && p.providerName === 'proxmox') return 'capmox';
  if (p.providerKind === 'BootstrapProvider' && p.providerName === 'talos') return 'cabpt';
  if (p.providerKind === 'ControlPlaneProvider' && p.providerName === 'talos') return 'cacppt';
  return undefined;
}

/**
 * Checks the providers of one management cluster with `compatibilityProblems` (the one table, COMPATIBILITY in
 * lib/core/versions.ts). Returns one message per problem, naming the provider CR to change; providers without a
 * rule key (other names) are not checked.
 */
export function checkProviderCompatibility(providers: readonly ICapiProvider[]): string[] {
  const core = providers.find((p) => p.providerKind === 'CoreProvider');
  // A version that is no release tag is reported by its provider's own validation.
  const clusterApi = releaseTag(core?.version);
  if (clusterApi === undefined) return [];
  const ipam = providers.find((p) => p.providerKind === 'IPAMProvider' && p.providerName === 'in-cluster');
  const byKey = new Map<CompatibilityRule['provider'], ICapiProvider>();
  for (const p of providers) {
    const key = ruleKey(p);
    if (key !== undefined) byKey.set(key, p);
  }
  const set: ProviderVersionSet = {
    clusterApi,
    capmox: releaseTag(byKey.get('capmox')?.version),
    cabpt: releaseTag(byKey.get('cabpt')?.version),
    cacppt: releaseTag(byKey.get('cacppt')?.version),
    ipamInCluster: releaseTag(ipam?.version),
  };
  return compatibilityProblems(set, 'tag').map((problem) => {
    const p = byKey.get(problem.provider)!;
    return `${p.providerKind} "${p.providerName}": ${problem.message}. Expected ${problem.expected}. Fix: ${problem.hint}.`;
  });
}

function releaseTag(version: string | undefined): Version | undefined {
  return version !== undefined && Version.isTag(version) ? Version.fromTag(version) : undefined;
}
