/** Looks up the JSON Schema that applies at a data path, for messages (allowed keys, descriptions, examples). */
import platformSchema from '../../../../schemas/platform.schema.json';
import workloadClusterSchema from '../../../../schemas/workload-cluster.schema.json';
import type { PathSegment } from '../issue';
import type { SpecKind } from './validate';

/** The parts of a JSON Schema node the messages use. */
export interface SchemaNode {
  readonly $ref?: string | undefined;
  readonly type?: string | readonly string[] | undefined;
  readonly description?: string | undefined;
  readonly properties?: Readonly<Record<string, SchemaNode>> | undefined;
  readonly required?: readonly string[] | undefined;
  readonly additionalProperties?: boolean | SchemaNode | undefined;
  readonly items?: SchemaNode | undefined;
  readonly enum?: readonly unknown[] | undefined;
  readonly const?: unknown;
  readonly pattern?: string | undefined;
  readonly minimum?: number | undefined;
  readonly maximum?: number | undefined;
  readonly examples?: readonly unknown[] | undefined;
  readonly definitions?: Readonly<Record<string, SchemaNode>> | undefined;
}

/** A schema node, the definition name it came from (`IPv4Address`), and the field's own description. */
export interface SchemaLookup {
  readonly schema: SchemaNode;
  readonly definition?: string | undefined;
  readonly description?: string | undefined;
}

const ROOTS: Record<SpecKind, SchemaNode> = {
  Platform: platformSchema as SchemaNode,
  WorkloadCluster: workloadClusterSchema as SchemaNode,
};

export function schemaAt(kind: SpecKind, path: readonly PathSegment[]): SchemaLookup | undefined {
  const root = ROOTS[kind];
  let current = follow(root, { schema: root });
  for (const segment of path) {
    const { schema } = current;
    let next: SchemaNode | undefined;
    if (typeof segment === 'number' || schema.items) next = schema.items;
    else if (schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, segment)) {
      next = schema.properties[segment];
    } else if (typeof schema.additionalProperties === 'object') next = schema.additionalProperties;
    if (!next) return undefined;
    current = follow(root, { schema: next, description: next.description });
  }
  return current;
}

/** Resolves `$ref` chains (`#/definitions/X`), keeping the first description met (the field's, not the type's). */
function follow(root: SchemaNode, lookup: SchemaLookup): SchemaLookup {
  let { schema, definition } = lookup;
  let description = lookup.description;
  for (let hops = 0; schema.$ref && hops < 10; hops++) {
    definition = schema.$ref.replace('#/definitions/', '');
    schema = root.definitions?.[definition] ?? {};
    description ??= schema.description;
  }
  return { schema, definition, description: description ?? schema.description };
}
