import { COMPATIBILITY, compareVersions, minorOf } from '../../core/versions';
import type { CompatibilityRule } from '../../core/versions';
import type { ICapiProvider } from './provider-base';

/** Which COMPATIBILITY rule key an operator provider maps to, by kind and name. */
function ruleKey(p: ICapiProvider): CompatibilityRule['provider'] | undefined {
  if (p.providerKind === 'InfrastructureProvider' && p.providerName === 'proxmox') return 'capmox';
  if (p.providerKind === 'BootstrapProvider' && p.providerName === 'talos') return 'cabpt';
  if (p.providerKind === 'ControlPlaneProvider' && p.providerName === 'talos') return 'cacppt';
  return undefined;
}

/**
 * Checks the providers of one management cluster against COMPATIBILITY (lib/core/versions.ts): each known provider's
 * minor has a rule, the core's minor is one the rule lists, and the in-cluster IPAM provider is recent enough.
 * Returns one message per problem; providers without a rule key (other names) are not checked.
 */
export function checkProviderCompatibility(providers: readonly ICapiProvider[]): string[] {
  const core = providers.find((p) => p.providerKind === 'CoreProvider');
  if (core === undefined) return [];
  const coreMinor = minorOf(core.version);
  const ipam = providers.find((p) => p.providerKind === 'IPAMProvider' && p.providerName === 'in-cluster');
  const problems: string[] = [];
  for (const p of providers) {
    const key = ruleKey(p);
    if (key === undefined) continue;
    const minor = minorOf(p.version);
    const rule = COMPATIBILITY.find((r) => r.provider === key && r.minor === minor);
    const label = `${p.providerKind} "${p.providerName}" ${p.version}`;
    if (rule === undefined) {
      const known = COMPATIBILITY.filter((r) => r.provider === key).map((r) => `${r.minor}.x`);
      problems.push(
        `${label}: no compatibility rule for ${key} ${minor}.x in COMPATIBILITY (lib/core/versions.ts); known: ` +
          `${known.join(', ') || 'none'}. Fix: pin a known version, or add a rule after reading the provider's support matrix.`,
      );
      continue;
    }
    if (!rule.clusterApiMinors.includes(coreMinor)) {
      problems.push(
        `${label} does not support Cluster API ${core.version} (minor ${coreMinor}). Expected a core minor in ` +
          `[${rule.clusterApiMinors.join(', ')}]. Fix: change the CoreProvider version or the ${key} version.`,
      );
    }
    if (rule.minIpamInCluster !== undefined) {
      if (ipam === undefined) {
        problems.push(
          `${label} needs the in-cluster IPAM provider v${rule.minIpamInCluster} or newer, and there is none. ` +
            'Fix: add an IpamProvider "in-cluster".',
        );
      } else if (compareVersions(ipam.version, rule.minIpamInCluster) < 0) {
        problems.push(
          `${label} needs the in-cluster IPAM provider v${rule.minIpamInCluster} or newer, got ${ipam.version}. ` +
            `Fix: set the IpamProvider version to v${rule.minIpamInCluster} or newer.`,
        );
      }
    }
  }
  return problems;
}
