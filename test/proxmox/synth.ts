import type { App } from 'cdktf';
import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { ProxmoxProvider } from '../../imports/providers/proxmox/provider';
import { NETWORK_DEVICE_ATTRIBUTES } from '../../lib/proxmox/network-device';

/** The parsed `cdk.tf.json` of a stack. */
export type TfJson = {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
  readonly [key: string]: unknown;
};

/**
 * A stack in a fresh test app, with a bpg/proxmox provider (CDKTF's validation wants a provider for every resource).
 * `addProviders` adds others, e.g. the Talos provider.
 */
export function testStack(
  id = 'test',
  addProviders: (stack: TerraformStack) => void = () => undefined,
): TerraformStack {
  const stack = new TerraformStack(Testing.app() as App, id);
  new ProxmoxProvider(stack, 'proxmox', { endpoint: 'https://pve.test:8006' });
  addProviders(stack);
  return stack;
}

/** Synthesizes the stack (running construct validations) and parses the JSON. */
export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack, true)) as TfJson;
}

/** Every block of a type (`resource` or `data`), keyed by logical id. */
export function blocks(json: TfJson, kind: 'resource' | 'data', type: string): Record<string, Record<string, unknown>> {
  return (json[kind] as Record<string, Record<string, Record<string, unknown>>> | undefined)?.[type] ?? {};
}

/** The only block of a type; fails when there is not exactly one. */
export function only(json: TfJson, kind: 'resource' | 'data', type: string): Record<string, unknown> {
  const all = Object.values(blocks(json, kind, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${kind} ${type}, found ${all.length}`);
  return all[0];
}

/** Builds constructs in a new stack and returns the parsed synth output. */
export function synthWith(build: (scope: Construct) => void): TfJson {
  const stack = testStack();
  build(stack);
  return synthJson(stack);
}

/** A `network_device` entry as written: every attribute, null when unset. */
export function nic(set: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(NETWORK_DEVICE_ATTRIBUTES.map((a) => [a, set[a] ?? null]));
}
