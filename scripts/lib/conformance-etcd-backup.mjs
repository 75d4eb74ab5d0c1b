// Conformance: etcd backups (addons.etcdBackup). Talos serves the talos.dev ServiceAccount, and hands its pod a
// client certificate, only on control planes whose machine config enables `machine.features.kubernetesTalosAPIAccess`
// for the ServiceAccount's namespace and roles (siderolabs/talos machined, k8stemplates TalosServiceAccountCRDTemplate
// and the kubernetes-talos-api-access feature). So for every talos-backup CronJob in a synthesized tree this checks
// the wiring that no schema can: its talos.dev ServiceAccount asks for os:etcd:backup, its S3 keys come from a Secret
// reference (never a value), and the control planes of the cluster it backs up carry the access patch: stage 10's
// machine configuration for the management cluster, the TalosControlPlane for a workload cluster.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { rel } from './conformance-common.mjs';
import { listFiles, splitYamlDocuments } from './documents.mjs';

/** The role talos-backup needs (siderolabs/talos-backup cronjob.sample.yaml). */
export const ETCD_BACKUP_ROLE = 'os:etcd:backup';

/**
 * Whether a list of Talos machine-config patch texts grants `role` to pods in `namespace`. Talos merges patches
 * and appends lists (pkg/machinery/config/merge), so the grants of all patches add up.
 * @param {readonly unknown[]} patches
 * @param {string} namespace
 * @param {string} role
 */
export function grantsTalosApiAccess(patches, namespace, role) {
  let enabled = false;
  const roles = new Set();
  const namespaces = new Set();
  for (const text of patches) {
    if (typeof text !== 'string') continue;
    let doc;
    try {
      doc = parseYaml(text);
    } catch {
      continue;
    }
    const access = doc?.machine?.features?.kubernetesTalosAPIAccess;
    if (!access) continue;
    enabled ||= access.enabled === true;
    for (const r of access.allowedRoles ?? []) roles.add(r);
    for (const n of access.allowedKubernetesNamespaces ?? []) namespaces.add(n);
  }
  return enabled && roles.has(role) && namespaces.has(namespace);
}

/** Every string under `value` (the patches of a Terraform data source are plain strings in cdk.tf.json). */
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/**
 * Checks every talos-backup CronJob of `k8sDir` (and the clusters it backs up) and adds one row per CronJob.
 * @param {string} k8sDir
 * @param {string | undefined} tfDir
 * @param {{ report: import('./conformance-common.mjs').Report }} ctx
 */
export function checkEtcdBackups(k8sDir, tfDir, ctx) {
  const check = 'etcd backup';
  const files = listFiles(k8sDir, (f) => /\.ya?ml$/.test(f));
  const docsOf = (file) => splitYamlDocuments(readFileSync(file, 'utf8'), rel(file)).filter((d) => d.obj);
  for (const file of files) {
    const docs = docsOf(file);
    const cron = docs.find(
      (d) =>
        d.obj.kind === 'CronJob' &&
        d.obj.spec?.jobTemplate?.spec?.template?.spec?.containers?.some((c) => /talos-backup/.test(c.image ?? '')),
    );
    if (!cron) continue;
    const problems = [];
    const namespace = cron.obj.metadata?.namespace;
    const sa = docs.find((d) => d.obj.apiVersion === 'talos.dev/v1alpha1' && d.obj.kind === 'ServiceAccount');
    if (!sa)
      problems.push(
        'no talos.dev/v1alpha1 ServiceAccount next to the CronJob (Talos writes its talosconfig Secret from it)',
      );
    else if (!(sa.obj.spec?.roles ?? []).includes(ETCD_BACKUP_ROLE))
      problems.push(`the talos.dev ServiceAccount does not ask for ${ETCD_BACKUP_ROLE}`);
    const env = cron.obj.spec.jobTemplate.spec.template.spec.containers.flatMap((c) => c.env ?? []);
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      const e = env.find((x) => x.name === key);
      if (!e?.valueFrom?.secretKeyRef)
        problems.push(`${key} is not a secretKeyRef${e?.value !== undefined ? ' (a plaintext value)' : ''}`);
    }
    const clusterName = env.find((x) => x.name === 'CLUSTER_NAME')?.value;
    // A workload cluster's CronJob lives in platform/talos-backup-clusters/<name>/ (stacks/etcd-backup.ts).
    const workload = /(^|\/)talos-backup-clusters\/([^/]+)\//.exec(
      path.relative(k8sDir, file).split(path.sep).join('/'),
    )?.[2];
    let patched;
    if (workload) {
      const planes = files
        .filter((f) => f.split(path.sep).includes(workload))
        .flatMap(docsOf)
        .filter((d) => d.obj.kind === 'TalosControlPlane');
      if (!planes.length) problems.push(`no TalosControlPlane of workload cluster ${workload} in the tree`);
      patched =
        planes.length > 0 &&
        planes.every((d) =>
          grantsTalosApiAccess(
            d.obj.spec?.controlPlaneConfig?.controlplane?.strategicPatches ?? [],
            namespace,
            ETCD_BACKUP_ROLE,
          ),
        );
      if (planes.length && !patched)
        problems.push(`TalosControlPlane of ${workload} does not grant ${ETCD_BACKUP_ROLE} to namespace ${namespace}`);
    } else {
      const stack =
        tfDir &&
        listFiles(path.join(tfDir, 'stacks'), (f) => path.basename(f) === 'cdk.tf.json').find((f) =>
          /10-mgmt-talos/.test(f),
        );
      if (!stack || !existsSync(stack))
        problems.push('no stage 10 stack (cdk.tf.json) to find the management control-plane patches in');
      else {
        const configs = JSON.parse(readFileSync(stack, 'utf8')).data?.talos_machine_configuration ?? {};
        const planes = Object.values(configs).filter((c) => c.machine_type === 'controlplane');
        patched =
          planes.length > 0 &&
          planes.every((c) => grantsTalosApiAccess(strings(c.config_patches), namespace, ETCD_BACKUP_ROLE));
        if (!patched)
          problems.push(
            `stage 10's control-plane machine configuration does not grant ${ETCD_BACKUP_ROLE} to namespace ${namespace}`,
          );
      }
    }
    const target = `${rel(file)}${clusterName ? ` (${clusterName})` : ''}`;
    if (problems.length) ctx.report.add(check, target, 'FAIL', problems.join('\n'));
    else
      ctx.report.add(
        check,
        target,
        'PASS',
        `${ETCD_BACKUP_ROLE} ServiceAccount, S3 keys by secretKeyRef, Talos API access patch on the ${workload ? `TalosControlPlane of ${workload}` : 'management control planes'}`,
      );
  }
}
