import { Construct } from 'constructs';
import { DataProxmoxDatastores } from '../../imports/providers/proxmox/data-proxmox-datastores';
import { NetworkLinuxBridge } from '../../imports/providers/proxmox/network-linux-bridge';
import { NetworkLinuxVlan } from '../../imports/providers/proxmox/network-linux-vlan';
import { createdBridgeNameProblems } from '../core/rules/bridge';
import { throwProblems } from '../core/rules/problem';
import { definedProps } from '../core/defined-props';
import { VLAN_ID_RANGE, isVlanId } from '../core/rules/facts';

/** A datastore that must exist on some nodes. */
export interface DatastoreRequirement {
  /** Storage id, e.g. `local-lvm`. */
  readonly datastoreId: string;
  /** Nodes it must be available on. */
  readonly nodes: readonly string[];
  /**
   * Content types it must allow (`images` for VM disks, `import` or `iso` for the Talos image).
   * @default [] - existence only
   */
  readonly contentTypes?: readonly string[] | undefined;
  /**
   * Require Proxmox's `shared` flag (the same volumes on every node), as CAPMOX needs for a template and VM disks
   * it clones to other nodes.
   * @default false - not checked
   */
  readonly shared?: boolean | undefined;
}

/** A Linux bridge VMs attach to. */
export interface BridgeRequirement {
  /** Bridge name, e.g. `vmbr0`. */
  readonly name: string;
  /** Nodes it must exist on. */
  readonly nodes: readonly string[];
  /**
   * Create the bridge on each node instead of relying on an existing one.
   * @default false
   */
  readonly create?: boolean | undefined;
  /**
   * Physical ports of a created bridge, e.g. `["enp1s0"]`.
   * @default [] - an internal bridge
   */
  readonly ports?: readonly string[] | undefined;
  /**
   * Make a created bridge VLAN-aware (needed for VLAN-tagged VM NICs).
   * @default true
   */
  readonly vlanAware?: boolean | undefined;
}

/** A Linux VLAN interface to create on some nodes, e.g. `enp1s0.20` or a named one on a raw device. */
export interface VlanInterfaceRequirement {
  /** Interface name: `<device>.<tag>` (then `rawDevice` and `vlan` are derived), or a custom name. */
  readonly name: string;
  /** Nodes to create it on. */
  readonly nodes: readonly string[];
  /**
   * Raw device, for a custom name.
   * @default - from `name`
   */
  readonly rawDevice?: string | undefined;
  /**
   * VLAN tag, for a custom name.
   * @default - from `name`
   */
  readonly vlan?: number | undefined;
}

/** Props of {@link ProxmoxFoundation}. */
export interface ProxmoxFoundationProps {
  /** Datastores to check. */
  readonly datastores: readonly DatastoreRequirement[];
  /**
   * Bridges the platform uses.
   * @default []
   */
  readonly bridges?: readonly BridgeRequirement[] | undefined;
  /**
   * VLAN interfaces to create.
   * @default []
   */
  readonly vlanInterfaces?: readonly VlanInterfaceRequirement[] | undefined;
  /**
   * Nodes that need an enabled, active datastore with the `iso` content type: CAPMOX v0.9 uploads each machine's
   * cloud-init ISO to the first enabled `iso` storage of the machine's node (go-proxmox `VirtualMachine.CloudInit`),
   * whichever that is, so every enabled one must work.
   * @default [] - not checked
   */
  readonly isoStorageNodes?: readonly string[] | undefined;
}

/** Comment on the network interfaces this construct creates (shown in the node's network view). */
export const MANAGED_COMMENT = 'managed by talos-platform-cdk';

/**
 * The Proxmox foundation: checks that the datastores are in place before anything is built on them, and creates the
 * bridges and VLAN interfaces the spec asks for ({@link createdBridges}, {@link createdVlanInterfaces}).
 *
 * Each datastore is read per node with `proxmox_datastores`; a `postcondition` fails the plan with a message that
 * names the node, the datastore and the fix: missing, inactive, a content type missing, or not shared when the
 * requirement says `shared`. {@link ProxmoxFoundationProps.isoStorageNodes} adds a read of each node's `iso` storages. bpg/proxmox 0.111 has no data source for node network interfaces, so an
 * existing bridge cannot be checked at plan time: it is listed in {@link uncheckedBridges}, and a missing one surfaces
 * when Proxmox starts a VM on it (`bridge '<name>' does not exist`).
 *
 * @example
 * import { ProxmoxFoundation } from 'talos-platform-cdk/proxmox';
 *
 * const foundation = new ProxmoxFoundation(stack, 'Checks', {
 *   datastores: [
 *     { datastoreId: 'local', nodes: ['pve1', 'pve2'], contentTypes: ['import'] },
 *     { datastoreId: 'local-lvm', nodes: ['pve1', 'pve2'], contentTypes: ['images'] },
 *     { datastoreId: 'ceph-vm', nodes: ['pve1', 'pve2'], contentTypes: ['images'], shared: true },
 *   ],
 *   isoStorageNodes: ['pve1', 'pve2'],
 *   bridges: [{ name: 'vmbr1', nodes: ['pve1', 'pve2'], create: true, ports: ['enp2s0'] }],
 *   vlanInterfaces: [{ name: 'enp1s0.20', nodes: ['pve1'] }],
 * });
 * const vmbr1 = foundation.createdBridges.get('vmbr1/pve1'); // dependsOn of a VM or template on pve1
 */
export class ProxmoxFoundation extends Construct {
  /** The datastore reads, by `<datastore>/<node>`. */
  public readonly datastoreChecks: ReadonlyMap<string, DataProxmoxDatastores>;
  /** Created bridges, by `<bridge>/<node>`. */
  public readonly createdBridges: ReadonlyMap<string, NetworkLinuxBridge>;
  /** Created VLAN interfaces, by `<name>/<node>`. */
  public readonly createdVlanInterfaces: ReadonlyMap<string, NetworkLinuxVlan>;
  /** Bridges relied on but not checked (see the class comment), as `<bridge>@<node>`. */
  public readonly uncheckedBridges: readonly string[];
  /** The `iso` storage reads, by node. */
  public readonly isoStorageChecks: ReadonlyMap<string, DataProxmoxDatastores>;

  public constructor(scope: Construct, id: string, props: ProxmoxFoundationProps) {
    super(scope, id);
    // Requirements on the same datastore and node are merged (their content types add up): one read per pair.
    const wanted = new Map<
      string,
      { datastoreId: string; nodeName: string; contentTypes: Set<string>; shared: boolean }
    >();
    for (const requirement of props.datastores) {
      this.checkRequirement('datastore', requirement.datastoreId, requirement.nodes);
      for (const nodeName of requirement.nodes) {
        const key = `${requirement.datastoreId}/${nodeName}`;
        const entry = wanted.get(key) ?? {
          datastoreId: requirement.datastoreId,
          nodeName,
          contentTypes: new Set<string>(),
          shared: false,
        };
        for (const contentType of requirement.contentTypes ?? []) entry.contentTypes.add(contentType);
        entry.shared ||= requirement.shared ?? false;
        wanted.set(key, entry);
      }
    }
    const datastoreChecks = new Map<string, DataProxmoxDatastores>();
    const datastoresScope = new Construct(this, 'Datastores');
    for (const [key, entry] of wanted) {
      const byDatastore =
        (datastoresScope.node.tryFindChild(entry.datastoreId) as Construct | undefined) ??
        new Construct(datastoresScope, entry.datastoreId);
      datastoreChecks.set(
        key,
        this.readDatastore(byDatastore, entry.nodeName, entry.datastoreId, [...entry.contentTypes], entry.shared),
      );
    }
    this.datastoreChecks = datastoreChecks;

    const isoNodes = props.isoStorageNodes ?? [];
    if (isoNodes.length > 0) this.checkRequirement('list', 'isoStorageNodes', isoNodes);
    const isoScope = new Construct(this, 'IsoStorage');
    this.isoStorageChecks = new Map(isoNodes.map((n) => [n, readIsoStorage(isoScope, n)]));

    const createdBridges = new Map<string, NetworkLinuxBridge>();
    const unchecked: string[] = [];
    const bridgesScope = new Construct(this, 'Bridges');
    this.checkUnique(
      'bridge',
      (props.bridges ?? []).map((b) => b.name),
    );
    for (const bridge of props.bridges ?? []) {
      this.checkRequirement('bridge', bridge.name, bridge.nodes);
      if (!bridge.create) {
        if (bridge.ports !== undefined && bridge.ports.length > 0) {
          throw new Error(
            `${this.node.path}: bridge "${bridge.name}" lists ports but is not created here (expected ports only ` +
              'with create: true). Fix: set create: true, or drop ports for an existing bridge.',
          );
        }
        unchecked.push(...bridge.nodes.map((n) => `${bridge.name}@${n}`));
        continue;
      }
      throwProblems(this.node.path, createdBridgeNameProblems(bridge.name));
      const byBridge = new Construct(bridgesScope, bridge.name);
      for (const nodeName of bridge.nodes) {
        createdBridges.set(
          `${bridge.name}/${nodeName}`,
          new NetworkLinuxBridge(byBridge, nodeName, {
            nodeName,
            name: bridge.name,
            ports: [...(bridge.ports ?? [])],
            vlanAware: bridge.vlanAware ?? true,
            autostart: true,
            comment: MANAGED_COMMENT,
          }),
        );
      }
    }
    this.createdBridges = createdBridges;
    this.uncheckedBridges = unchecked;

    const createdVlans = new Map<string, NetworkLinuxVlan>();
    const vlansScope = new Construct(this, 'VlanInterfaces');
    this.checkUnique(
      'VLAN interface',
      (props.vlanInterfaces ?? []).map((v) => v.name),
    );
    for (const vlan of props.vlanInterfaces ?? []) {
      this.checkRequirement('VLAN interface', vlan.name, vlan.nodes);
      const custom = vlan.rawDevice !== undefined || vlan.vlan !== undefined;
      if (custom && (vlan.rawDevice === undefined || vlan.vlan === undefined)) {
        throw new Error(
          `${this.node.path}: VLAN interface "${vlan.name}" sets only one of rawDevice and vlan (expected both ` +
            'for a custom name, or neither for <device>.<tag>). Fix: set the missing one.',
        );
      }
      if (!custom && !/^[A-Za-z][A-Za-z0-9_-]*\.\d{1,4}$/.test(vlan.name)) {
        throw new Error(
          `${this.node.path}: VLAN interface "${vlan.name}" is not <device>.<tag> (expected e.g. enp1s0.20). Fix: ` +
            'use that form, or set rawDevice and vlan for a custom name.',
        );
      }
      const tag = vlan.vlan ?? Number(vlan.name.split('.').pop());
      if (!isVlanId(tag)) {
        throw new Error(
          `${this.node.path}: VLAN interface "${vlan.name}" has tag ${tag} ` +
            `(expected ${VLAN_ID_RANGE.min}-${VLAN_ID_RANGE.max}). Fix: correct the tag.`,
        );
      }
      const byVlan = new Construct(vlansScope, vlan.name);
      for (const nodeName of vlan.nodes) {
        createdVlans.set(
          `${vlan.name}/${nodeName}`,
          new NetworkLinuxVlan(byVlan, nodeName, {
            nodeName,
            name: vlan.name,
            ...(custom ? definedProps({ interface: vlan.rawDevice, vlan: vlan.vlan }) : {}),
            autostart: true,
            comment: MANAGED_COMMENT,
          }),
        );
      }
    }
    this.createdVlanInterfaces = createdVlans;
  }

  /** The datastore read for `datastoreId` on `nodeName` (for `dependsOn`). */
  public datastoreCheck(datastoreId: string, nodeName: string): DataProxmoxDatastores {
    const check = this.datastoreChecks.get(`${datastoreId}/${nodeName}`);
    if (!check) {
      throw new Error(
        `${this.node.path}: datastore "${datastoreId}" is not checked on node "${nodeName}" (expected a ` +
          'DatastoreRequirement that lists it). Fix: add the node to that datastore requirement.',
      );
    }
    return check;
  }

  private readDatastore(
    scope: Construct,
    nodeName: string,
    datastoreId: string,
    requiredContentTypes: readonly string[],
    shared: boolean,
  ): DataProxmoxDatastores {
    const contentTypes = [...requiredContentTypes].sort();
    const contentList = contentTypes.map((c) => JSON.stringify(c)).join(', ');
    return new DataProxmoxDatastores(scope, nodeName, {
      nodeName,
      filters: { id: datastoreId },
      lifecycle: {
        postcondition: [
          {
            condition: '${length(self.datastores) > 0}',
            errorMessage:
              `Proxmox node "${nodeName}" has no datastore "${datastoreId}" (or the API token cannot see it). ` +
              `Fix: add the storage to node "${nodeName}" under Datacenter > Storage, give the token ` +
              'Datastore.Audit on it, or correct proxmox.datastores in the platform spec.',
          },
          {
            condition: '${try(self.datastores[0].active, true) != false}',
            errorMessage:
              `Datastore "${datastoreId}" on Proxmox node "${nodeName}" is not active. ` +
              'Fix: check the storage (pvesm status) and enable it.',
          },
          ...(contentTypes.length > 0
            ? [
                {
                  condition: `\${alltrue([for c in [${contentList}] : contains(try(self.datastores[0].content_types, []), c)])}`,
                  errorMessage:
                    `Datastore "${datastoreId}" on Proxmox node "${nodeName}" does not allow every content type ` +
                    `the platform needs (${contentTypes.join(', ')}). Fix: enable them under Datacenter > Storage > ` +
                    `${datastoreId} > Content (the "import" type needs Proxmox VE 8.4+).`,
                },
              ]
            : []),
          ...(shared
            ? [
                {
                  // The list endpoint reports the storage's `shared` flag; null when Proxmox leaves it out (not shared).
                  condition: '${try(self.datastores[0].shared, null) == true}',
                  errorMessage:
                    `Datastore "${datastoreId}" on Proxmox node "${nodeName}" is not shared, but the platform spec ` +
                    'declares it shared: true (CAPMOX clones the template and VM disks on it to other nodes, which ' +
                    'Proxmox refuses from and to local storage). Fix: use shared storage (Ceph RBD, NFS) and tick ' +
                    `"Shared" under Datacenter > Storage > ${datastoreId}, or set shared: false and keep the clusters ` +
                    "on the template's node.",
                },
              ]
            : []),
        ],
      },
    });
  }

  private checkUnique(kind: string, names: readonly string[]): void {
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new Error(
        `${this.node.path}: ${kind} "${duplicate}" is listed twice (expected each ${kind} once). Fix: merge the ` +
          'entries into one with all their nodes.',
      );
    }
  }

  private checkRequirement(kind: string, name: string, nodes: readonly string[]): void {
    if (nodes.length === 0) {
      throw new Error(
        `${this.node.path}: ${kind} "${name}" lists no nodes (expected at least one Proxmox node). Fix: list the ` +
          'nodes it must exist on.',
      );
    }
    const duplicate = nodes.find((n, i) => nodes.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new Error(
        `${this.node.path}: ${kind} "${name}" lists node "${duplicate}" twice (expected each once). Fix: remove the duplicate.`,
      );
    }
  }
}

/**
 * Reads the `iso` storages of one node. CAPMOX takes the first enabled one the node lists, so there must be one and
 * every enabled one must be active.
 */
function readIsoStorage(scope: Construct, nodeName: string): DataProxmoxDatastores {
  const enabled = '[for d in self.datastores : d if try(d.enabled, true) != false]';
  return new DataProxmoxDatastores(scope, nodeName, {
    nodeName,
    filters: { contentTypes: ['iso'] },
    lifecycle: {
      postcondition: [
        {
          condition: `\${length(${enabled}) > 0}`,
          errorMessage:
            `Proxmox node "${nodeName}" has no enabled datastore with the "iso" content type, where CAPMOX uploads ` +
            'the cloud-init ISO of each workload machine it creates there. Fix: enable "ISO image" content on a ' +
            `storage of node "${nodeName}" under Datacenter > Storage (e.g. "local"), and give the API token ` +
            'Datastore.AllocateSpace on it.',
        },
        {
          condition: `\${alltrue([for d in ${enabled} : try(d.active, true) != false])}`,
          errorMessage:
            `An enabled "iso" datastore on Proxmox node "${nodeName}" is not active, and CAPMOX may pick it for a ` +
            'cloud-init ISO. Fix: check it with pvesm status, or disable it or its "ISO image" content.',
        },
      ],
    },
  });
}

/**
 * @deprecated Renamed {@link ProxmoxFoundation}: it creates bridges and VLAN interfaces as well as checking
 * datastores. The requirement props say `nodes` and `vlan` now (were `nodeNames`, `vlanId`).
 */
export const FoundationChecks = ProxmoxFoundation;
/** @deprecated Renamed {@link ProxmoxFoundation}. */
export type FoundationChecks = ProxmoxFoundation;
/** @deprecated Renamed {@link ProxmoxFoundationProps}. */
export type FoundationChecksProps = ProxmoxFoundationProps;
