// Unit tests of the CRD -> strict JSON schema derivation (scripts/lib/crd-schemas.mjs) and the document
// routing (scripts/lib/documents.mjs). No external tools needed.
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { REPO_ROOT, callEsm, evalEsm } from './esm';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: false,
        storage: false,
        schema: { openAPIV3Schema: { type: 'object' } },
      },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['endpoint'],
                properties: {
                  endpoint: {
                    type: 'object',
                    properties: { host: { type: 'string' }, port: { type: 'integer', format: 'int32' } },
                  },
                  replicas: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                  maxUnavailable: { 'x-kubernetes-int-or-string': true },
                  values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  note: { type: 'string', nullable: true },
                  template: {
                    type: 'object',
                    'x-kubernetes-embedded-resource': true,
                    properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } },
                  },
                  // a property literally named "properties" (as ClusterClass variable schemas have)
                  schema: {
                    type: 'object',
                    properties: {
                      properties: {
                        type: 'object',
                        additionalProperties: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

interface Derived {
  group: string;
  kind: string;
  version: string;
  apiVersion: string;
  schema: Record<string, unknown>;
}

const derived = callEsm<Derived[]>('scripts/lib/crd-schemas.mjs', 'crdToSchemas', CRD);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
const validate = ajv.compile(derived[0].schema);

const base = () => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'default', labels: { a: 'b' } },
  spec: { endpoint: { host: 'h', port: 1 } } as Record<string, unknown>,
});
const errorsOf = (obj: unknown): string[] => {
  validate(obj);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
};

describe('strict schema derivation', () => {
  test('one schema per served version, named by group, kind and version', () => {
    expect(derived.map((d) => [d.group, d.kind, d.version, d.apiVersion])).toEqual([
      ['example.com', 'Widget', 'v1', 'example.com/v1'],
    ]);
  });

  test('a valid object passes', () => {
    expect(errorsOf(base())).toEqual([]);
  });

  test('an unknown field is rejected, naming the field and where it is', () => {
    const obj = base();
    obj.spec.endpoint = { host: 'h', hostt: 'typo' };
    const errors = errorsOf(obj);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('/spec/endpoint');
    expect(errors[0]).toContain('hostt');
  });

  test('unknown top-level and metadata fields are rejected', () => {
    expect(errorsOf({ ...base(), extra: 1 }).join()).toContain('extra');
    expect(errorsOf({ ...base(), metadata: { name: 'w', labelz: {} } }).join()).toContain('labelz');
  });

  test('metadata is a strict ObjectMeta: label values are strings, known fields allowed', () => {
    expect(errorsOf({ ...base(), metadata: { name: 'w', labels: { a: 1 } } }).join()).toContain('/metadata/labels/a');
    const ok = { ...base(), metadata: { name: 'w', annotations: { x: 'y' }, finalizers: ['f'], generateName: 'w-' } };
    expect(errorsOf(ok)).toEqual([]);
  });

  test('apiVersion and kind are pinned to the exact values', () => {
    expect(errorsOf({ ...base(), apiVersion: 'example.com/v2' }).join()).toContain('/apiVersion');
    expect(errorsOf({ ...base(), kind: 'Gadget' }).join()).toContain('/kind');
  });

  test('x-kubernetes-preserve-unknown-fields stays open', () => {
    const obj = base();
    obj.spec.values = { anything: { nested: [1, 'two'] } };
    expect(errorsOf(obj)).toEqual([]);
  });

  test('x-kubernetes-int-or-string accepts an integer or a string, nothing else', () => {
    for (const field of ['replicas', 'maxUnavailable']) {
      for (const good of [3, '25%']) {
        const obj = base();
        obj.spec[field] = good;
        expect(errorsOf(obj)).toEqual([]);
      }
      const bad = base();
      bad.spec[field] = true;
      expect(errorsOf(bad).join()).toContain(`/spec/${field}`);
    }
  });

  test('additionalProperties maps keep their value schema; nullable accepts null', () => {
    const obj = base();
    obj.spec.labels = { a: 'b' };
    obj.spec.note = null;
    expect(errorsOf(obj)).toEqual([]);
    obj.spec.labels = { a: 1 };
    expect(errorsOf(obj).join()).toContain('/spec/labels/a');
  });

  test('an embedded resource takes apiVersion, kind and metadata, and is closed otherwise', () => {
    const obj = base();
    obj.spec.template = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { image: 'i' } };
    expect(errorsOf(obj)).toEqual([]);
    obj.spec.template = { spec: { image: 'i', imagee: 'typo' } };
    expect(errorsOf(obj).join()).toContain('imagee');
  });

  test('a property named "properties" is a field, not a keyword', () => {
    const obj = base();
    obj.spec.schema = { properties: { a: { type: 'string', anything: true } } };
    expect(errorsOf(obj)).toEqual([]);
    obj.spec.schema = { properties: {}, other: 1 };
    expect(errorsOf(obj).join()).toContain('other');
  });
});

describe('the pinned CRDs (imports/crds, generated by npm run import)', () => {
  const summary = evalEsm<{ count: number; sources: Record<string, string> }>(`
    const { writeSchemaDir } = await import('./scripts/lib/crd-schemas.mjs');
    const os = await import('node:os'); const fs = await import('node:fs'); const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    try {
      const r = writeSchemaDir(undefined, dir);
      return { count: r.count, sources: Object.fromEntries([...r.kinds].map(([k, v]) => [k, path.basename(v.source)])) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  `);
  const sources = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'imports', 'sources.json'), 'utf8')) as {
    crds: {
      groups: { group: string; kinds: string[]; versions?: string[]; versionsByKind?: Record<string, string[]> }[];
    };
  };
  const wanted = sources.crds.groups.flatMap((g) =>
    g.kinds.flatMap((k) => (g.versionsByKind?.[k] ?? g.versions ?? []).map((v) => `${g.group}/${v}/${k}`)),
  );

  test('one strict schema for exactly each kind and version imports/sources.json lists, from its group file', () => {
    expect(Object.keys(summary.sources).sort()).toEqual([...wanted].sort());
    for (const [key, file] of Object.entries(summary.sources)) expect(file).toBe(`${key.split('/')[0]}.yaml`);
    expect(summary.count).toBe(wanted.length);
  });

  test('the pinned versions: CAPI v1.12 (v1beta2), in-cluster IPAM v1.1 (v1alpha2), CAPMOX v1alpha2', () => {
    expect(wanted).toEqual(
      expect.arrayContaining([
        'cluster.x-k8s.io/v1beta2/Cluster',
        'ipam.cluster.x-k8s.io/v1alpha2/InClusterIPPool',
        'infrastructure.cluster.x-k8s.io/v1alpha2/ProxmoxCluster',
        'operator.cluster.x-k8s.io/v1alpha2/CoreProvider',
      ]),
    );
    const capi = fs.readFileSync(path.join(REPO_ROOT, 'imports', 'crds', 'cluster.x-k8s.io.yaml'), 'utf8');
    expect(capi).toContain('# Upstream: https://github.com/kubernetes-sigs/cluster-api at v1.12.');
  });

  test('file names follow the kubeconform -schema-location template', () => {
    expect(callEsm('scripts/lib/crd-schemas.mjs', 'schemaFileFor', '/s', 'cluster.x-k8s.io/v1beta2', 'Cluster')).toBe(
      '/s/cluster.x-k8s.io/cluster_v1beta2.json',
    );
    expect(callEsm('scripts/lib/crd-schemas.mjs', 'schemaLocationTemplate', '/s')).toBe(
      '/s/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json',
    );
  });
});

describe('document routing', () => {
  const docs: Record<string, unknown> = {
    namespace: { apiVersion: 'v1', kind: 'Namespace' },
    deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
    role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
    cluster: { apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster' },
    application: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' },
    kustomization: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' },
    ksops: { apiVersion: 'viaduct.ai/v1', kind: 'ksops' },
    noApiVersion: { kind: 'Namespace' },
    list: ['a'],
  };
  const routes = evalEsm<Record<string, string>>(`
    const { routeDocument } = await import('./scripts/lib/documents.mjs');
    const docs = ${JSON.stringify(docs)};
    return Object.fromEntries(Object.entries(docs).map(([k, obj]) => [k, routeDocument({ obj })]));
  `);

  test('built-in groups go to kubernetes-models, everything else to kubeconform', () => {
    expect(routes).toMatchObject({
      namespace: 'core',
      deployment: 'core',
      role: 'core',
      cluster: 'custom',
      application: 'custom',
    });
  });

  test('kustomize and KSOPS files are tool configuration, not cluster objects', () => {
    expect(routes).toMatchObject({ kustomization: 'tool-config', ksops: 'tool-config' });
  });

  test('a document without apiVersion or kind is invalid', () => {
    expect(routes).toMatchObject({ noApiVersion: 'invalid', list: 'invalid' });
  });
});

describe('dummy plan variables', () => {
  const cases: Array<[string, string]> = [
    ['string', 'proxmox_endpoint'],
    ['number', 'n'],
    ['list(string)', 'node_ips'],
    ['object({ name = string, port = optional(number, 6443), tags = list(string) })', 'x'],
    ['map(bool)', 'm'],
  ];
  const values = evalEsm<unknown[]>(`
    const { dummyValue } = await import('./scripts/lib/terraform.mjs');
    return ${JSON.stringify(cases)}.map(([t, n]) => dummyValue(t, n));
  `);

  test('follow the type constraint and never name a reachable host', () => {
    expect(values).toEqual([
      'https://dummy.invalid:8006/',
      1,
      ['192.0.2.10'],
      { name: 'dummy-name', tags: ['dummy-tags'] },
      { dummy: false },
    ]);
  });
});
