import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART_PIN_SOURCES, CHART_VERSIONS, compareVersions } from '../../lib/core/versions';

interface CatalogEntry {
  readonly repository: string;
  readonly snapshot: string;
  readonly tagPrefix: string;
  readonly versions: readonly string[];
  readonly secondary?: { readonly version: string; readonly evidence: string };
}

const catalog = parse(readFileSync(join(__dirname, '../fixtures/chart-catalog.yaml'), 'utf8')) as {
  charts: Record<string, CatalogEntry>;
};
const charts = Object.keys(CHART_VERSIONS) as (keyof typeof CHART_VERSIONS)[];

/** The pins that the upstream snapshots could not confirm. Growing this list is a decision, not a side effect. */
const UNCONFIRMED = ['argoCd', 'cilium', 'kubePrometheusStack', 'fluxOperator'];

describe('chart pins against the upstream catalog', () => {
  test('every pin has a source and a catalog entry for the same repository, and nothing else does', () => {
    expect(Object.keys(CHART_PIN_SOURCES).sort()).toEqual([...charts].sort());
    expect(Object.keys(catalog.charts).sort()).toEqual([...charts].sort());
    for (const chart of charts) {
      expect([chart, catalog.charts[chart].repository]).toEqual([chart, CHART_PIN_SOURCES[chart].repository]);
    }
  });

  test.each(charts.filter((c) => CHART_PIN_SOURCES[c].evidence === 'tag'))(
    '%s: the pinned version is published upstream',
    (chart) => {
      const entry = catalog.charts[chart];
      expect(entry.versions).toContain(CHART_VERSIONS[chart]);
      expect(entry.secondary).toBeUndefined();
      // The tag named as the source is the one the catalog found (Kyverno's and Proxmox CSI's chart versions are not in
      // their tags).
      if (chart !== 'kyverno' && chart !== 'proxmoxCsi')
        expect(CHART_PIN_SOURCES[chart].tag).toBe(`${entry.tagPrefix}${CHART_VERSIONS[chart]}`);
    },
  );

  test('the pins the snapshots could not confirm are exactly these, each with its secondary evidence', () => {
    const unconfirmed = charts.filter((c) => CHART_PIN_SOURCES[c].evidence === 'secondary');
    expect(unconfirmed).toEqual(UNCONFIRMED);
    for (const chart of unconfirmed) {
      const entry = catalog.charts[chart];
      expect(entry.versions).not.toContain(CHART_VERSIONS[chart]);
      expect(entry.secondary?.version).toBe(CHART_VERSIONS[chart]);
      expect(entry.secondary?.evidence.length).toBeGreaterThan(40);
      // Newer than every version the snapshot lists: a pin older than the snapshot must be found in it.
      for (const seen of entry.versions) expect(compareVersions(CHART_VERSIONS[chart], seen)).toBeGreaterThan(0);
    }
  });
});
