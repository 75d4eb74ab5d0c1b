/** The plain-text form of an {@link UpgradePlan}, as `upgrade plan` prints it. */
import type { UpgradePlan } from './plan-types';

export function formatUpgradePlan(plan: UpgradePlan): string {
  const lines: string[] = [`Upgrade plan: ${plan.from} -> ${plan.to}`];
  if (!plan.ok) {
    lines.push('', `REFUSED (${plan.refusals.length}): nothing to run until these are fixed.`);
    for (const r of plan.refusals) {
      lines.push(
        '',
        `error: ${r.file}: ${r.field}: ${r.reason}`,
        `  change: ${r.change.component} ${r.change.from} -> ${r.change.to} (cluster ${r.cluster})`,
        `  source: ${r.source}`,
        `  fix:    ${r.fix}`,
      );
    }
  } else if (plan.steps.length === 0) {
    lines.push('', 'Nothing to upgrade: every version is the same in both specs.');
  } else {
    for (const step of plan.steps) {
      lines.push('', `${step.order}. [${step.phase}] ${step.cluster}: ${step.summary}`, '   how:');
      for (const h of step.how) lines.push(`     ${h}`);
      if (step.pools?.length) {
        lines.push('   pools (MachineDeployment, machines, maxSurge/maxUnavailable):');
        for (const p of step.pools) {
          lines.push(
            `     ${p.pool}: ${p.machineDeployment}, ${p.replicas}, ${p.maxSurge}/${p.maxUnavailable}, ${p.status}`,
          );
        }
      }
      lines.push('   done when:');
      for (const w of step.watch) lines.push(`     ${w}`);
    }
  }
  if (plan.notes.length) {
    lines.push('', 'Notes:');
    for (const n of plan.notes) lines.push(`- ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
