/**
 * Addons that only work with another one: the Grafana dashboards are installed into kube-prometheus-stack's Grafana
 * (`monitoring`). The app-of-apps refuses a missing dependency at synth (lib/gitops/wave-rules.ts); this says so at
 * validate, in the spec's words. Found by the semantic property test.
 */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig, ResolvedAddons } from '../resolved';

/** Addon -> the addons it needs, as the addon constructs declare them (`needs`). */
const NEEDS: Partial<Record<keyof ResolvedAddons, readonly (keyof ResolvedAddons)[]>> = {
  dashboards: ['monitoring'],
};

export function checkAddonDependencies(config: PlatformConfig): Issue[] {
  const { addons, sourceFile: file } = config.platform;
  const issues: Issue[] = [];
  for (const [addon, needs] of Object.entries(NEEDS) as [keyof ResolvedAddons, readonly (keyof ResolvedAddons)[]][]) {
    if (!addons[addon].enabled) continue;
    for (const need of needs) {
      if (addons[need].enabled) continue;
      issues.push({
        file,
        path: ['addons', addon, 'enabled'],
        rule: 'addon-dependency',
        message: `${code(addon)} needs ${code(need)}, which is disabled`,
        expected: `\`addons.${need}.enabled: true\` too`,
        hint: `enable ${need}, or disable ${addon}`,
      });
    }
  }
  return issues;
}
