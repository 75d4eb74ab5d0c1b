import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** Argo CD's annotation for per-object sync options. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
/**
 * Keep the object when it leaves Git (`Prune=false`) and when its Application is deleted, even with cascade
 * (`Delete=false`): Argo CD then never deletes it; a person does, on purpose.
 */
export const RETAIN_SYNC_OPTIONS = 'Prune=false,Delete=false';

/**
 * Marks objects Argo CD must never delete by itself: a workload cluster's `Namespace` and `Cluster`, whose deletion
 * takes everything else with it (Kubernetes deletes a namespace's objects together; Cluster API tears a Cluster down
 * in its own order). With them retained and the cluster's Application without the resources finalizer, a cluster
 * file that goes missing orphans the cluster instead of deleting it; decommissioning is the explicit flow of
 * docs/clusters.md.
 */
export function retainOnDeletion(objects: readonly IConstruct[]): void {
  for (const o of objects) ApiObject.of(o).metadata.addAnnotation(SYNC_OPTIONS_ANNOTATION, RETAIN_SYNC_OPTIONS);
}
