/** One app as the ordering rules see it. */
export interface WaveNode {
  /** Application (or addon) name. */
  readonly name: string;
  /** Its sync wave. */
  readonly syncWave: number;
  /** Names of the apps it needs first. */
  readonly needs: readonly string[];
  /** True for the cluster's CNI. */
  readonly isCni: boolean;
}

/** The wave the CNI must have: nothing can run before pods can get an address. */
export const CNI_SYNC_WAVE = 0;

/**
 * Checks the sync order of an app-of-apps and returns one message per broken rule (empty when the order is sound):
 *
 * 1. the CNI has sync-wave "0";
 * 1. no app has a wave lower than the CNI's (nothing runs before the CNI);
 * 1. every app an app needs exists, and is in an earlier wave (Argo CD only waits *between* waves);
 * 1. needs have no cycle;
 * 1. names are unique.
 *
 * Every message names the apps involved, their waves and the fix. Messages are sorted, so output is stable.
 */
export function checkWaveRules(nodes: readonly WaveNode[]): string[] {
  const errors: string[] = [];
  const byName = new Map<string, WaveNode>();
  for (const node of nodes) {
    if (byName.has(node.name)) {
      errors.push(`app "${node.name}" is defined twice; expected unique app names. Fix: rename or remove one of them.`);
    }
    byName.set(node.name, node);
  }

  const cnis = nodes.filter((n) => n.isCni);
  for (const cni of cnis) {
    if (cni.syncWave !== CNI_SYNC_WAVE) {
      errors.push(
        `app "${cni.name}" is the CNI and has sync-wave "${cni.syncWave}"; expected "${CNI_SYNC_WAVE}": it must ` +
          `sync first. Fix: set the syncWave of "${cni.name}" to ${CNI_SYNC_WAVE}.`,
      );
    }
    for (const other of nodes) {
      if (other === cni || other.isCni || other.syncWave >= cni.syncWave) continue;
      errors.push(
        `app "${other.name}" has sync-wave "${other.syncWave}", before the CNI app "${cni.name}" ` +
          `(sync-wave "${cni.syncWave}"): nothing can run before the CNI. Fix: set the syncWave of ` +
          `"${other.name}" to ${cni.syncWave + 1} or later.`,
      );
    }
  }

  for (const node of nodes) {
    for (const need of node.needs) {
      const dep = byName.get(need);
      if (!dep) {
        errors.push(
          `app "${node.name}" needs "${need}", which is not in the app-of-apps. Fix: enable "${need}" or ` +
            `disable "${node.name}".`,
        );
        continue;
      }
      if (dep.syncWave >= node.syncWave) {
        errors.push(
          `app "${node.name}" (sync-wave "${node.syncWave}") needs "${dep.name}" (sync-wave "${dep.syncWave}"): a ` +
            `dependency must be in an earlier wave, since Argo CD waits only between waves. Fix: move ` +
            `"${node.name}" to sync-wave ${dep.syncWave + 1} or later, or "${dep.name}" earlier.`,
        );
      }
    }
  }

  for (const cycle of findCycles(nodes, byName)) {
    errors.push(
      `dependency cycle between apps ${cycle.map((n) => `"${n}"`).join(' -> ')}: none of them can sync first. Fix: ` +
        `remove one of these needs.`,
    );
  }
  return [...new Set(errors)].sort();
}

/** Each cycle once, as the path that closes it (`a -> b -> a`), starting at its smallest name. */
function findCycles(nodes: readonly WaveNode[], byName: ReadonlyMap<string, WaveNode>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const need of [...(byName.get(name)?.needs ?? [])].sort()) {
      if (!byName.has(need)) continue;
      if (state.get(need) === 'visiting') {
        const loop = stack.slice(stack.indexOf(need));
        const start = loop.indexOf([...loop].sort()[0]);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.set(rotated.join('\u0000'), [...rotated, rotated[0]]);
      } else if (!state.has(need)) {
        visit(need);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const node of [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!state.has(node.name)) visit(node.name);
  }
  return [...cycles.values()];
}
