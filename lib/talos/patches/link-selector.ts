/**
 * How Talos finds the network link to configure: a CEL expression over the link's properties (`LinkAliasConfig`
 * selector), so the configuration never depends on a guessed kernel interface name (`ens18`, `eth0` ...).
 */
export class LinkSelector {
  /**
   * The link with this permanent MAC address. The most precise choice: `TalosVm` sets a known MAC on its NIC.
   * @param macAddress `aa:bb:cc:dd:ee:ff`, any case (written lower-case)
   */
  public static macAddress(macAddress: string): LinkSelector {
    if (!MAC.test(macAddress)) {
      throw new Error(
        `LinkSelector.macAddress: "${macAddress}" is not a MAC address (expected six colon-separated hex ` +
          'pairs, e.g. bc:24:11:00:1f:a4). Fix: pass the NIC MAC address.',
      );
    }
    return new LinkSelector(`mac(link.permanent_addr) == "${macAddress.toLowerCase()}"`);
  }

  /**
   * The link driven by this kernel driver, e.g. `virtio_net` for the VirtIO NIC of a Proxmox VM. Matches exactly one
   * link only if the machine has one NIC of that kind.
   */
  public static driver(driver: string): LinkSelector {
    if (!/^[a-z0-9_-]+$/.test(driver)) {
      throw new Error(
        `LinkSelector.driver: "${driver}" is not a kernel driver name (expected e.g. virtio_net). ` +
          'Fix: use the name `talosctl get links -o yaml` shows under `driver`.',
      );
    }
    return new LinkSelector(`link.driver == "${driver}"`);
  }

  /** Any CEL expression over `link` (Talos `LinkStatus` fields), for cases the factories do not cover. */
  public static expression(celExpression: string): LinkSelector {
    if (celExpression.trim() === '') {
      throw new Error('LinkSelector.expression: the expression is empty (expected a CEL expression). Fix: pass one.');
    }
    return new LinkSelector(celExpression);
  }

  private constructor(
    /** The CEL expression (`selector.match`). */
    public readonly match: string,
  ) {}
}

/** The driver of the VirtIO NIC Proxmox gives a VM by default (`network_device.model = virtio`). */
export const VIRTIO_NET_DRIVER = 'virtio_net';

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
