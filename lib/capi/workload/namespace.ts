import type { Construct } from 'constructs';
import { ApiObject } from '../../core/api-object';

/** The namespace a workload cluster's objects live in (`v1` Namespace). */
export function addNamespace(scope: Construct, id: string, name: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
  });
}
