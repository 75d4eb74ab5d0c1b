/**
 * Smoke checks over a set of rendered Cluster API objects (the JSON cdk8s emits): every reference points at an
 * object of the set, and a cluster's Kubernetes versions agree. The checks users' pipelines run on the GitOps tree
 * ("CAPI objects reference existing templates and classes"), done before anything is written.
 */

// Rendered objects are untyped JSON; the checks read them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = Record<string, any>;

/** Options of {@link checkCapiReferences}. */
export interface CapiReferenceCheckOptions {
  /**
   * `Kind/namespace/name` keys of objects that exist outside the set (e.g. a control-plane template the user
   * manages); references to them are not reported.
   * @default - none
   */
  readonly external?: readonly string[] | undefined;
}

function key(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind}/${namespace ?? ''}/${name ?? ''}`;
}

function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : (apiVersion as string).slice(0, slash);
}

/** Returns one message per broken reference or version mismatch; empty when the set is consistent. */
export function checkCapiReferences(manifests: readonly Manifest[], options: CapiReferenceCheckOptions = {}): string[] {
  const present = new Map<string, Manifest>();
  for (const m of manifests) present.set(key(m.kind, m.metadata?.namespace, m.metadata?.name), m);
  const external = new Set(options.external ?? []);
  const problems: string[] = [];
  const where = (m: Manifest) => `${m.kind} ${m.metadata?.namespace}/${m.metadata?.name}`;

  const expect = (
    from: Manifest,
    field: string,
    kind: string | undefined,
    namespace: string | undefined,
    name: string | undefined,
    apiGroup?: string,
  ) => {
    if (!kind || !name) {
      problems.push(`${where(from)}: ${field} is incomplete (kind "${kind ?? ''}", name "${name ?? ''}").`);
      return;
    }
    const k = key(kind, namespace, name);
    if (external.has(k)) return;
    const target = present.get(k);
    if (target === undefined) {
      problems.push(
        `${where(from)}: ${field} refers to ${kind} ${namespace}/${name}, which is not among the synthesized objects. ` +
          'Expected the referenced object in the same set (same namespace).',
      );
      return;
    }
    if (apiGroup !== undefined && groupOf(target.apiVersion) !== apiGroup) {
      problems.push(
        `${where(from)}: ${field} names API group "${apiGroup}" but ${kind} ${name} is ${target.apiVersion}.`,
      );
    }
  };

  const versionsByCluster = new Map<string, Array<{ where: string; version: string }>>();
  const noteVersion = (ns: string, cluster: string, from: string, version: unknown) => {
    if (typeof version !== 'string') return;
    const k = `${ns}/${cluster}`;
    versionsByCluster.set(k, [...(versionsByCluster.get(k) ?? []), { where: from, version }]);
  };

  for (const m of manifests) {
    const ns: string | undefined = m.metadata?.namespace;
    const spec = m.spec ?? {};
    switch (m.kind) {
      case 'Cluster': {
        if (spec.controlPlaneRef)
          expect(
            m,
            'spec.controlPlaneRef',
            spec.controlPlaneRef.kind,
            ns,
            spec.controlPlaneRef.name,
            spec.controlPlaneRef.apiGroup,
          );
        if (spec.infrastructureRef)
          expect(
            m,
            'spec.infrastructureRef',
            spec.infrastructureRef.kind,
            ns,
            spec.infrastructureRef.name,
            spec.infrastructureRef.apiGroup,
          );
        if (spec.topology) {
          expect(
            m,
            'spec.topology.classRef',
            'ClusterClass',
            spec.topology.classRef?.namespace ?? ns,
            spec.topology.classRef?.name,
          );
          noteVersion(ns ?? '', m.metadata?.name, where(m), spec.topology.version);
        }
        if (!spec.topology && !spec.controlPlaneRef)
          problems.push(`${where(m)}: has neither spec.controlPlaneRef nor spec.topology.`);
        break;
      }
      case 'TalosControlPlane': {
        const ref = spec.infrastructureTemplate ?? {};
        expect(
          m,
          'spec.infrastructureTemplate',
          ref.kind,
          ref.namespace ?? ns,
          ref.name,
          groupOf(ref.apiVersion) || undefined,
        );
        const owner = manifests.find(
          (c) =>
            c.kind === 'Cluster' && c.metadata?.namespace === ns && c.spec?.controlPlaneRef?.name === m.metadata?.name,
        );
        if (owner === undefined)
          problems.push(`${where(m)}: no Cluster in namespace ${ns} refers to it (spec.controlPlaneRef).`);
        else noteVersion(ns ?? '', owner.metadata.name, where(m), spec.version);
        break;
      }
      case 'MachineDeployment': {
        const t = spec.template?.spec ?? {};
        expect(
          m,
          'spec.template.spec.bootstrap.configRef',
          t.bootstrap?.configRef?.kind,
          ns,
          t.bootstrap?.configRef?.name,
          t.bootstrap?.configRef?.apiGroup,
        );
        expect(
          m,
          'spec.template.spec.infrastructureRef',
          t.infrastructureRef?.kind,
          ns,
          t.infrastructureRef?.name,
          t.infrastructureRef?.apiGroup,
        );
        expect(m, 'spec.clusterName', 'Cluster', ns, spec.clusterName);
        const selector: Record<string, string> = spec.selector?.matchLabels ?? {};
        const labels: Record<string, string> = spec.template?.metadata?.labels ?? {};
        for (const [k, v] of Object.entries(selector)) {
          if (labels[k] !== v)
            problems.push(`${where(m)}: selector label ${k}=${v} is not on spec.template.metadata.labels.`);
        }
        noteVersion(ns ?? '', spec.clusterName, where(m), t.version);
        break;
      }
      case 'MachineHealthCheck': {
        expect(m, 'spec.clusterName', 'Cluster', ns, spec.clusterName);
        if (
          Object.keys(spec.selector?.matchLabels ?? {}).length === 0 &&
          (spec.selector?.matchExpressions ?? []).length === 0
        ) {
          problems.push(`${where(m)}: spec.selector is empty; it would select every Machine of the namespace.`);
        }
        break;
      }
      case 'ProxmoxMachineTemplate': {
        const devices: Manifest[] = spec.template?.spec?.network?.networkDevices ?? [];
        devices.forEach((d, i) =>
          (d.ipPoolRef ?? []).forEach((ref: Manifest, j: number) =>
            expect(
              m,
              `spec.template.spec.network.networkDevices[${i}].ipPoolRef[${j}]`,
              ref.kind,
              ref.kind === 'GlobalInClusterIPPool' ? undefined : ns,
              ref.name,
              ref.apiGroup,
            ),
          ),
        );
        break;
      }
      case 'ClusterClass': {
        const ref = (field: string, r: Manifest | undefined) =>
          expect(m, field, r?.kind, ns, r?.name, r?.apiVersion ? groupOf(r.apiVersion) : undefined);
        ref('spec.infrastructure.templateRef', spec.infrastructure?.templateRef);
        ref('spec.controlPlane.templateRef', spec.controlPlane?.templateRef);
        if (spec.controlPlane?.machineInfrastructure)
          ref(
            'spec.controlPlane.machineInfrastructure.templateRef',
            spec.controlPlane.machineInfrastructure.templateRef,
          );
        (spec.workers?.machineDeployments ?? []).forEach((md: Manifest, i: number) => {
          ref(`spec.workers.machineDeployments[${i}].bootstrap.templateRef`, md.bootstrap?.templateRef);
          ref(`spec.workers.machineDeployments[${i}].infrastructure.templateRef`, md.infrastructure?.templateRef);
        });
        break;
      }
      default:
        break;
    }
  }

  for (const [cluster, versions] of versionsByCluster) {
    const distinct = [...new Set(versions.map((v) => v.version))];
    if (distinct.length > 1) {
      problems.push(
        `cluster ${cluster}: Kubernetes versions disagree (${versions.map((v) => `${v.where}: ${v.version}`).join('; ')}). ` +
          'Expected one version on the control plane and every MachineDeployment.',
      );
    }
  }
  return problems;
}
