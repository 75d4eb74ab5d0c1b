// The stage 50 stack (50-argo) synthesized in a temporary folder, for stage-50.test.ts and stage-50.tools.test.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import type { GitOpsSpec } from '../../lib/core/spec/types';
import type { IManagementCluster } from '../../lib/talos/management-cluster-ref';
import { ArgoStack } from '../../stacks/50-argo';
import { platformConfig } from '../gitops/helpers';
import type { Json } from '../gitops/helpers';

export const managementCluster: IManagementCluster = {
  clusterName: 'mgmt',
  endpoint: 'https://10.20.0.10:6443',
  kubernetesClient: {
    host: 'https://10.20.0.10:6443',
    caCertificate: 'CA-PEM',
    clientCertificate: 'CERT-PEM',
    clientKey: 'KEY-PEM',
  },
};

export function synthStage(gitops: Partial<GitOpsSpec> = {}): { json: Json; dir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-50-'));
  const app = new App({ outdir });
  new ArgoStack(app, '50-argo', { config: platformConfig({ gitops }), managementCluster });
  app.synth();
  const dir = path.join(outdir, 'stacks', '50-argo');
  return { json: JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')), dir };
}
