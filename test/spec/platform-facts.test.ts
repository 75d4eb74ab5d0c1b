/**
 * Facts the spec rules share with the constructs must agree: validate refuses exactly what the constructs would
 * throw on. (The constructs keep their own guard for specs passed in code.)
 */
import { MAX_WORKLOAD_CLUSTER_NAME_LENGTH as CONSTRUCT_MAX_NAME } from '../../lib/capi/workload-cluster';
import { MAX_VM_ID, MAX_WORKLOAD_CLUSTER_NAME_LENGTH } from '../../lib/core/spec/defaults';
import { MAX_VM_ID as CONSTRUCT_MAX_VM_ID } from '../../lib/proxmox/vm-identity';

test('the longest workload cluster name is the one WorkloadCluster accepts', () => {
  expect(MAX_WORKLOAD_CLUSTER_NAME_LENGTH).toBe(CONSTRUCT_MAX_NAME);
});

test('the highest VM id is the one TalosVm accepts', () => {
  expect(MAX_VM_ID).toBe(CONSTRUCT_MAX_VM_ID);
});
