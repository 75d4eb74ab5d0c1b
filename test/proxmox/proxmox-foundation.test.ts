import { FoundationChecks, MANAGED_COMMENT, ProxmoxFoundation } from '../../lib/proxmox/proxmox-foundation';
import type { ProxmoxFoundationProps } from '../../lib/proxmox/proxmox-foundation';
import { blocks, synthJson, testStack } from './synth';

function checks(props: ProxmoxFoundationProps) {
  const stack = testStack();
  const construct = new ProxmoxFoundation(stack, 'Checks', props);
  return { construct, json: synthJson(stack) };
}

type Condition = { condition: string; error_message: string };

describe('ProxmoxFoundation', () => {
  it('reads each datastore on each node with postconditions that name node, datastore and fix', () => {
    const { json } = checks({ datastores: [{ datastoreId: 'local-lvm', nodes: ['pve1', 'pve2'] }] });
    const reads = Object.values(blocks(json, 'data', 'proxmox_datastores'));
    expect(reads).toHaveLength(2);
    expect(reads.map((r) => r.node_name)).toEqual(['pve1', 'pve2']);
    expect(reads[0].filters).toEqual({ id: 'local-lvm' });
    const conditions = (reads[0].lifecycle as { postcondition: Condition[] }).postcondition;
    expect(conditions).toEqual([
      {
        condition: '${length(self.datastores) > 0}',
        error_message:
          'Proxmox node "pve1" has no datastore "local-lvm" (or the API token cannot see it). Fix: add the storage to ' +
          'node "pve1" under Datacenter > Storage, give the token Datastore.Audit on it, or correct proxmox.datastores ' +
          'in the platform spec.',
      },
      {
        condition: '${try(self.datastores[0].active, true) != false}',
        error_message:
          'Datastore "local-lvm" on Proxmox node "pve1" is not active. Fix: check the storage (pvesm status) and enable it.',
      },
    ]);
  });

  it('checks the shared flag once any requirement on the datastore and node asks for it', () => {
    const { json } = checks({
      datastores: [
        { datastoreId: 'ceph-vm', nodes: ['pve1', 'pve2'] },
        { datastoreId: 'ceph-vm', nodes: ['pve2'], contentTypes: ['images'], shared: true },
      ],
    });
    const byNode: Record<string, Condition[]> = Object.fromEntries(
      Object.values(blocks(json, 'data', 'proxmox_datastores')).map((r) => [
        r.node_name,
        (r.lifecycle as { postcondition: Condition[] }).postcondition,
      ]),
    );
    expect(byNode.pve1.map((c) => c.condition)).not.toContain('${try(self.datastores[0].shared, null) == true}');
    expect(byNode.pve2.at(-1)).toEqual({
      condition: '${try(self.datastores[0].shared, null) == true}',
      error_message: expect.stringContaining('Datastore "ceph-vm" on Proxmox node "pve2" is not shared') as unknown,
    });
  });

  it('reads the iso storages of each node that needs one, and checks every enabled one is active', () => {
    const { json, construct } = checks({ datastores: [], isoStorageNodes: ['pve1', 'pve3'] });
    const reads = Object.values(blocks(json, 'data', 'proxmox_datastores'));
    expect(reads.map((r) => [r.node_name, r.filters])).toEqual([
      ['pve1', { content_types: ['iso'] }],
      ['pve3', { content_types: ['iso'] }],
    ]);
    const conditions = (reads[1].lifecycle as { postcondition: Condition[] }).postcondition;
    expect(conditions.map((c) => c.condition)).toEqual([
      '${length([for d in self.datastores : d if try(d.enabled, true) != false]) > 0}',
      '${alltrue([for d in [for d in self.datastores : d if try(d.enabled, true) != false] : try(d.active, true) != false])}',
    ]);
    expect(conditions[0].error_message).toContain(
      'Proxmox node "pve3" has no enabled datastore with the "iso" content type',
    );
    expect([...construct.isoStorageChecks.keys()]).toEqual(['pve1', 'pve3']);
    expect(() => checks({ datastores: [], isoStorageNodes: ['pve1', 'pve1'] })).toThrow(
      'list "isoStorageNodes" lists node "pve1" twice',
    );
  });

  it('checks content types, merging requirements on the same datastore and node', () => {
    const { json, construct } = checks({
      datastores: [
        { datastoreId: 'local', nodes: ['pve1'], contentTypes: ['import'] },
        { datastoreId: 'local', nodes: ['pve1'], contentTypes: ['images', 'import'] },
      ],
    });
    const reads = Object.values(blocks(json, 'data', 'proxmox_datastores'));
    expect(reads).toHaveLength(1);
    const conditions = (reads[0].lifecycle as { postcondition: Condition[] }).postcondition;
    expect(conditions[2]).toEqual({
      condition: '${alltrue([for c in ["images", "import"] : contains(try(self.datastores[0].content_types, []), c)])}',
      error_message:
        'Datastore "local" on Proxmox node "pve1" does not allow every content type the platform needs (images, import). ' +
        'Fix: enable them under Datacenter > Storage > local > Content (the "import" type needs Proxmox VE 8.4+).',
    });
    expect(construct.datastoreCheck('local', 'pve1')).toBeDefined();
    expect(() => construct.datastoreCheck('local', 'pve9')).toThrow(
      'test/Checks: datastore "local" is not checked on node "pve9" (expected a DatastoreRequirement that lists it).',
    );
  });

  it('creates bridges the spec asks for (VLAN-aware by default) and lists the others as unchecked', () => {
    const { json, construct } = checks({
      datastores: [],
      bridges: [
        { name: 'vmbr0', nodes: ['pve1', 'pve2'] },
        { name: 'vmbr1', nodes: ['pve1'], create: true, ports: ['enp2s0'] },
        { name: 'vmbr2', nodes: ['pve1'], create: true, vlanAware: false },
      ],
    });
    const bridges = Object.values(blocks(json, 'resource', 'proxmox_network_linux_bridge'));
    expect(bridges).toEqual(
      [
        {
          node_name: 'pve1',
          name: 'vmbr1',
          ports: ['enp2s0'],
          vlan_aware: true,
          autostart: true,
          comment: MANAGED_COMMENT,
        },
        { node_name: 'pve1', name: 'vmbr2', ports: [], vlan_aware: false, autostart: true, comment: MANAGED_COMMENT },
      ].map((b) => expect.objectContaining(b)),
    );
    expect(construct.uncheckedBridges).toEqual(['vmbr0@pve1', 'vmbr0@pve2']);
    expect(construct.createdBridges.has('vmbr1/pve1')).toBe(true);
  });

  it('creates VLAN interfaces, named <device>.<tag> or custom', () => {
    const { json } = checks({
      datastores: [],
      vlanInterfaces: [
        { name: 'enp1s0.20', nodes: ['pve1'] },
        { name: 'vlan_lab', nodes: ['pve1'], rawDevice: 'enp1s0', vlan: 30 },
      ],
    });
    const vlans = Object.values(blocks(json, 'resource', 'proxmox_network_linux_vlan'));
    expect(vlans[0]).toMatchObject({ node_name: 'pve1', name: 'enp1s0.20', autostart: true, comment: MANAGED_COMMENT });
    expect(vlans[0]).not.toHaveProperty('vlan');
    expect(vlans[1]).toMatchObject({ name: 'vlan_lab', interface: 'enp1s0', vlan: 30 });
  });

  it('rejects empty and duplicate node lists, duplicates, bad names', () => {
    expect(() => checks({ datastores: [{ datastoreId: 'local', nodes: [] }] })).toThrow(
      'test/Checks: datastore "local" lists no nodes (expected at least one Proxmox node). Fix: list the nodes it must exist on.',
    );
    expect(() => checks({ datastores: [{ datastoreId: 'local', nodes: ['pve1', 'pve1'] }] })).toThrow(
      'test/Checks: datastore "local" lists node "pve1" twice (expected each once).',
    );
    expect(() =>
      checks({
        datastores: [],
        bridges: [
          { name: 'vmbr0', nodes: ['pve1'] },
          { name: 'vmbr0', nodes: ['pve2'] },
        ],
      }),
    ).toThrow('test/Checks: bridge "vmbr0" is listed twice (expected each bridge once).');
    expect(() => checks({ datastores: [], bridges: [{ name: 'vmbr0', nodes: ['pve1'], ports: ['eno1'] }] })).toThrow(
      'test/Checks: bridge "vmbr0" lists ports but is not created here (expected ports only with create: true).',
    );
    expect(() =>
      checks({ datastores: [], bridges: [{ name: 'bridge-lab-1', nodes: ['pve1'], create: true }] }),
    ).toThrow(
      'test/Checks: bridge "bridge-lab-1" cannot be created (bpg/proxmox refuses the name at plan time). Expected a ' +
        'letter, then letters or digits, at most 10 characters, e.g. vmbr1.',
    );
    expect(() => checks({ datastores: [], vlanInterfaces: [{ name: 'lab', nodes: ['pve1'] }] })).toThrow(
      'test/Checks: VLAN interface "lab" is not <device>.<tag> (expected e.g. enp1s0.20).',
    );
    expect(() => checks({ datastores: [], vlanInterfaces: [{ name: 'lab', nodes: ['pve1'], vlan: 5 }] })).toThrow(
      'test/Checks: VLAN interface "lab" sets only one of rawDevice and vlan (expected both for a custom name',
    );
    expect(() => checks({ datastores: [], vlanInterfaces: [{ name: 'enp1s0.5000', nodes: ['pve1'] }] })).toThrow(
      'test/Checks: VLAN interface "enp1s0.5000" has tag 5000 (expected 1-4094).',
    );
  });
});

test('FoundationChecks is the deprecated name of ProxmoxFoundation', () => {
  expect(FoundationChecks).toBe(ProxmoxFoundation);
});
