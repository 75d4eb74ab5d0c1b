/**
 * Talos system extensions are listed once each: a repeated one is a copy-paste slip the schematic would hide.
 * (Listing `siderolabs/qemu-guest-agent`, which is always included, is harmless and allowed.)
 */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformSpec } from '../types';

export function checkExtensions(file: string, spec: PlatformSpec): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  (spec.proxmox.image.extensions ?? []).forEach((name, i) => {
    const path = ['proxmox', 'image', 'extensions', i];
    if (seen.has(name)) {
      issues.push({
        file,
        path,
        rule: 'duplicate-extension',
        message: `${code(name)} is listed twice`,
        expected: 'each extension once',
        hint: 'remove the second entry',
      });
    }
    seen.add(name);
  });
  return issues;
}
