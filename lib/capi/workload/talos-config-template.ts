import type { Construct } from 'constructs';
import { TalosConfigTemplate } from '../../../imports/k8s/bootstrap.cluster.x-k8s.io';
import type { TalosConfigTemplateSpecTemplateSpec } from '../../../imports/k8s/bootstrap.cluster.x-k8s.io';
import { KEEP_SUPERSEDED_TEMPLATE_ANNOTATIONS } from './names';

/** `TalosConfigTemplate.spec.template.spec` for workers (CABPT `generateType: worker`). */
export function workerTalosConfigSpec(
  talosVersion: string,
  strategicPatches: readonly string[],
): TalosConfigTemplateSpecTemplateSpec {
  return {
    generateType: 'worker',
    talosVersion,
    hostname: { source: 'MachineName' },
    strategicPatches: [...strategicPatches],
  };
}

/** A `TalosConfigTemplate` (`bootstrap.cluster.x-k8s.io/v1alpha3`). */
export function addTalosConfigTemplate(
  scope: Construct,
  id: string,
  name: string,
  namespace: string,
  spec: TalosConfigTemplateSpecTemplateSpec,
): TalosConfigTemplate {
  return new TalosConfigTemplate(scope, id, {
    metadata: { name, namespace, annotations: { ...KEEP_SUPERSEDED_TEMPLATE_ANNOTATIONS } },
    spec: { template: { spec } },
  });
}
