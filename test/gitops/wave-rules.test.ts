import { App, Testing } from 'cdk8s';
import { ExternalAddon } from '../../lib/gitops/addons/external';
import { CiliumAddon } from '../../lib/gitops/addons/cilium';
import { AppOfApps } from '../../lib/gitops/app-of-apps';
import { ApplicationSource } from '../../lib/gitops/source';
import { CNI_SYNC_WAVE, checkWaveRules } from '../../lib/gitops/wave-rules';
import type { WaveNode } from '../../lib/gitops/wave-rules';
import { renderTree } from './helpers';

const node = (name: string, syncWave: number, needs: string[] = [], isCni = false): WaveNode => ({
  name,
  syncWave,
  needs,
  isCni,
});

describe('checkWaveRules', () => {
  test('a sound order has no errors', () => {
    expect(
      checkWaveRules([
        node('cilium', 0, [], true),
        node('cert-manager', 1),
        node('external-dns', 2, ['cert-manager']),
        node('dashboards', 3, ['external-dns', 'cert-manager']),
      ]),
    ).toEqual([]);
    expect(CNI_SYNC_WAVE).toBe(0);
  });

  test('the CNI must be in wave "0"', () => {
    expect(checkWaveRules([node('cilium', 1, [], true), node('cert-manager', 2)])).toEqual([
      'app "cilium" is the CNI and has sync-wave "1"; expected "0": it must sync first. Fix: set the syncWave of ' +
        '"cilium" to 0.',
    ]);
  });

  test('nothing syncs before the CNI; the message names both apps', () => {
    expect(checkWaveRules([node('cilium', 0, [], true), node('early', -1)])).toEqual([
      'app "early" has sync-wave "-1", before the CNI app "cilium" (sync-wave "0"): nothing can run before the CNI. ' +
        'Fix: set the syncWave of "early" to 1 or later.',
    ]);
  });

  test('a dependency in the same wave is an error naming both apps', () => {
    expect(checkWaveRules([node('cert-manager', 2), node('external-dns', 2, ['cert-manager'])])).toEqual([
      'app "external-dns" (sync-wave "2") needs "cert-manager" (sync-wave "2"): a dependency must be in an earlier ' +
        'wave, since Argo CD waits only between waves. Fix: move "external-dns" to sync-wave 3 or later, or ' +
        '"cert-manager" earlier.',
    ]);
  });

  test('a dependency in a later wave is an error naming both apps', () => {
    expect(checkWaveRules([node('cert-manager', 3), node('ingress', 2, ['cert-manager'])])).toEqual([
      'app "ingress" (sync-wave "2") needs "cert-manager" (sync-wave "3"): a dependency must be in an earlier wave, ' +
        'since Argo CD waits only between waves. Fix: move "ingress" to sync-wave 4 or later, or "cert-manager" ' +
        'earlier.',
    ]);
  });

  test('a missing dependency names both apps', () => {
    expect(checkWaveRules([node('dashboards', 3, ['kube-prometheus-stack'])])).toEqual([
      'app "dashboards" needs "kube-prometheus-stack", which is not in the app-of-apps. Fix: enable ' +
        '"kube-prometheus-stack" or disable "dashboards".',
    ]);
  });

  test('a cycle is reported once, naming every app on it', () => {
    const errors = checkWaveRules([node('b', 2, ['a']), node('a', 2, ['c']), node('c', 2, ['b'])]);
    expect(errors.filter((e) => e.startsWith('dependency cycle'))).toEqual([
      'dependency cycle between apps "a" -> "c" -> "b" -> "a": none of them can sync first. Fix: remove one of ' +
        'these needs.',
    ]);
  });

  test('a self-dependency is a cycle', () => {
    expect(checkWaveRules([node('a', 1, ['a'])])).toContain(
      'dependency cycle between apps "a" -> "a": none of them can sync first. Fix: remove one of these needs.',
    );
  });

  test('duplicate names', () => {
    expect(checkWaveRules([node('a', 1), node('a', 2)])).toEqual([
      'app "a" is defined twice; expected unique app names. Fix: rename or remove one of them.',
    ]);
  });
});

describe('the rules run as a validation of AppOfApps', () => {
  test('every broken rule is reported by one synth', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    apps.addAddon(new CiliumAddon());
    apps.addAddon(new ExternalAddon({ name: 'cert-manager', syncWave: 1, installedBy: 'stage 20' }));
    apps.addApplication({
      name: 'early',
      syncWave: -1,
      namespace: 'x',
      needs: ['cert-manager'],
      source: ApplicationSource.git({ repoUrl: 'https://g/r.git', path: 'dist/x', targetRevision: 'main' }),
    });
    const { errors } = renderTree(app);
    expect(errors).toEqual([
      'app "early" (sync-wave "-1") needs "cert-manager" (sync-wave "1"): a dependency must be in an earlier wave, ' +
        'since Argo CD waits only between waves. Fix: move "early" to sync-wave 2 or later, or "cert-manager" earlier.',
      'app "early" has sync-wave "-1", before the CNI app "cilium" (sync-wave "0"): nothing can run before the CNI. ' +
        'Fix: set the syncWave of "early" to 1 or later.',
    ]);
  });
});
