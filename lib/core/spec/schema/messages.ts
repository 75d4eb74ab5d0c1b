/**
 * Turns ajv errors into messages an operator can act on: what was found, what was expected, how to fix it.
 */
import type { ErrorObject } from 'ajv';
import { cidrHint, ipv4Hint } from '../address-hints';
import { code, show } from '../issue';
import type { Issue, PathSegment } from '../issue';
import { closest, suggestion } from '../suggest';
import { schemaAt } from './schema-at';
import type { SchemaLookup } from './schema-at';
import type { SpecKind } from './validate';

/**
 * Named string types of the spec types, with the words and rule ids their pattern errors use: `expected` for one
 * value, `plural` for a list of them, and a hint for the value received.
 */
const PATTERN_TYPES: Record<
  string,
  { rule: string; expected: string; plural: string; hint: (value: string) => string }
> = {
  IPv4Address: {
    rule: 'malformed-ip',
    expected: 'an IPv4 address like `10.20.0.10`',
    plural: 'IPv4 addresses like `10.20.0.10`',
    hint: ipv4Hint,
  },
  IPv4Cidr: {
    rule: 'malformed-cidr',
    expected: 'an IPv4 network like `10.20.0.0/24`',
    plural: 'IPv4 networks like `10.20.0.0/24`',
    hint: cidrHint,
  },
  Dns1123Label: {
    rule: 'not-dns-1123-label',
    expected: 'a DNS-1123 label: lower-case letters, digits and `-`, starting and ending with a letter or digit',
    plural: 'DNS-1123 labels (lower-case letters, digits and `-`, starting and ending with a letter or digit)',
    hint: (v) => {
      const fixed = dns1123(v);
      return fixed && fixed !== v
        ? `try \`${fixed}\``
        : 'use only lower-case letters, digits and `-`, with a letter or digit first and last';
    },
  },
  SemanticVersion: {
    rule: 'invalid-version',
    expected: 'a version like `1.13.9` (major.minor.patch, no leading `v`)',
    plural: 'versions like `1.13.9`',
    hint: (v) =>
      /^v[0-9]/.test(v)
        ? `drop the leading \`v\`: \`${v.slice(1)}\``
        : /^[0-9]+\.[0-9]+$/.test(v)
          ? `add the patch version, e.g. \`${v}.0\``
          : 'write three numbers separated by dots: major.minor.patch',
  },
  TalosExtensionName: {
    rule: 'invalid-extension-name',
    expected: 'an Image Factory extension name like `siderolabs/iscsi-tools`',
    plural: 'Image Factory extension names like `siderolabs/iscsi-tools`',
    hint: (v) =>
      v.includes('/')
        ? 'copy the name from the Image Factory extension list: lower-case `<organisation>/<name>`'
        : `extensions are namespaced: \`siderolabs/${v}\``,
  },
};

/** YAML 1.2 reads these as strings; YAML 1.1 (and many people) read them as booleans. */
const YAML11_BOOLEANS = new Set([
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Yes',
  'No',
  'On',
  'Off',
  'YES',
  'NO',
  'ON',
  'OFF',
]);

export function schemaIssues(kind: SpecKind, file: string, data: unknown, errors: readonly ErrorObject[]): Issue[] {
  const issues: Issue[] = [];
  for (const error of errors) {
    const path = toPath(data, error.instancePath);
    const issue = describe(kind, file, path, valueAt(data, path), error);
    if (issue) issues.push(issue);
  }
  return issues;
}

function describe(
  kind: SpecKind,
  file: string,
  path: PathSegment[],
  value: unknown,
  error: ErrorObject,
): Issue | undefined {
  const here = schemaAt(kind, path);
  const base = { file, path };
  switch (error.keyword) {
    case 'required': {
      const key = String(error.params.missingProperty);
      const field = schemaAt(kind, [...path, key]);
      const parent = path.length ? `under ${code(String(path[path.length - 1]))}` : 'at the top of the file';
      return {
        ...base,
        path: [...path, key],
        rule: 'missing-required-key',
        message: `missing required key ${code(key)}`,
        expected: field ? typeName(field) : 'a value (see docs/spec.md)',
        hint: `add \`${key}:\` ${parent}${field?.description ? ` (${firstSentence(field.description)})` : ''}`,
      };
    }
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys(here?.schema.properties ?? {});
      return {
        ...base,
        path: [...path, key],
        at: 'key',
        rule: 'unknown-key',
        message: `unknown key ${code(key)}`,
        expected: allowed.length ? `one of ${allowed.map((k) => code(k)).join(', ')}` : 'no keys here',
        hint:
          key === '<<'
            ? 'YAML merge keys are not supported: write the keys out'
            : (closest(key, allowed) && suggestion(key, allowed)) || 'remove it, or check its indentation',
      };
    }
    case 'type':
      if (path.length === 0 && (value === null || typeof value !== 'object')) {
        // The whole file is one scalar (a key or a token pasted over a spec?): never echo it.
        return {
          ...base,
          rule: 'wrong-type',
          message: 'the file holds a single value, not a mapping of keys (its content is not shown)',
          expected: 'a spec document: `apiVersion:`, `kind:` and the fields of docs/spec.md',
          hint: 'start the file with `apiVersion: talos-platform-cdk/v1alpha1` and `kind:`, then the fields, one per line',
        };
      }
      return { ...base, ...typeMismatch(here, value, String(error.params.type)) };
    case 'const':
      return { ...base, ...constMismatch(kind, path, value, error.params.allowedValue) };
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      return {
        ...base,
        rule: 'invalid-value',
        message: `invalid value ${show(value)}`,
        expected: `one of ${allowed.map((v) => code(v)).join(', ')}`,
        hint:
          typeof value === 'string' && closest(value, allowed)
            ? suggestion(value, allowed)
            : 'write one of them exactly (values are case-sensitive)',
      };
    }
    case 'pattern': {
      const text = String(value);
      const named = here?.definition ? PATTERN_TYPES[here.definition] : undefined;
      if (named)
        return {
          ...base,
          rule: named.rule,
          message: `invalid value ${show(value)}`,
          expected: named.expected,
          hint: named.hint(text),
        };
      const example = here?.schema.examples?.[0];
      return {
        ...base,
        rule: 'invalid-format',
        message: `invalid value ${show(value)}`,
        expected:
          example !== undefined
            ? `a value like ${code(String(example))}`
            : `text matching /${String(error.params.pattern)}/`,
        hint: here?.description
          ? `${path[path.length - 1]}: ${firstSentence(here.description)}`
          : `see \`${path[path.length - 1]}\` in docs/spec.md for its format`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const below = error.keyword.endsWith('inimum');
      const { minimum, maximum } = here?.schema ?? {};
      return {
        ...base,
        rule: 'out-of-range',
        message: `${show(value)} is ${below ? 'below the minimum' : 'above the maximum'} ${error.params.limit}`,
        expected: `${below ? 'at least' : 'at most'} ${error.params.limit}${
          error.keyword.startsWith('exclusive') ? ' (exclusive)' : ''
        }`,
        hint:
          minimum !== undefined && maximum !== undefined
            ? `use a value from ${minimum} to ${maximum}`
            : `use ${below ? 'a larger' : 'a smaller'} value`,
      };
    }
    case 'minItems': {
      const key = String(path[path.length - 1]);
      const optional = !schemaAt(kind, path.slice(0, -1))?.schema.required?.includes(key);
      return {
        ...base,
        rule: 'too-few-items',
        message: `needs at least ${error.params.limit} ${error.params.limit === 1 ? 'entry' : 'entries'}, found ${
          Array.isArray(value) ? value.length : 0
        }`,
        expected: `${here ? typeName(here) : 'a list'} with at least ${error.params.limit} ${
          error.params.limit === 1 ? 'entry' : 'entries'
        }`,
        hint: `add at least ${error.params.limit} ${error.params.limit === 1 ? 'entry' : 'entries'} under \`${key}:\`, a \`- \` line each${
          optional ? `, or remove \`${key}:\` to get its default` : ''
        }`,
      };
    }
    case 'maxLength':
      return {
        ...base,
        rule: 'too-long',
        message: `${show(value)} is ${String(value).length} characters long`,
        expected: `at most ${error.params.limit} characters`,
        hint: `shorten it by ${String(value).length - Number(error.params.limit)} character${
          String(value).length - Number(error.params.limit) === 1 ? '' : 's'
        }`,
      };
    default:
      // Keywords the spec types do not use today; a new one should get its own case above.
      return {
        ...base,
        rule: `schema-${error.keyword}`,
        message: error.message ?? `fails ${error.keyword}`,
        expected: `a value that satisfies \`${error.keyword}\` (${JSON.stringify(error.params)})`,
        hint: `see \`${String(path[path.length - 1] ?? 'the file')}\` in docs/spec.md`,
      };
  }
}

function typeMismatch(here: SchemaLookup | undefined, value: unknown, type: string): Omit<Issue, 'file' | 'path'> {
  const expected = here ? typeName(here) : article(type);
  let hint: string | undefined;
  if (
    (type === 'integer' || type === 'number') &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  ) {
    hint = 'remove the quotes';
  } else if (type === 'integer' && typeof value === 'number') {
    hint = 'use a whole number';
  } else if (type === 'boolean' && typeof value === 'string' && YAML11_BOOLEANS.has(value)) {
    hint = `YAML 1.2 reads \`${value}\` as text: write \`true\` or \`false\``;
  } else if (type === 'string' && typeof value === 'number') {
    hint = 'put the value in quotes (YAML reads an unquoted `1.30` as the number 1.3)';
  } else if (type === 'object' && value === null) {
    hint = 'the key has no value: indent its fields under it, or remove the key';
  } else if (type === 'array' && value !== null && typeof value !== 'object') {
    hint = 'write a list: one `- item` line per entry, or `[a, b]`';
  } else if (type === 'object' && Array.isArray(value)) {
    hint = 'remove the leading `- `: this is a mapping of keys, not a list';
  }
  return { rule: 'wrong-type', message: `found ${kindOf(value)}`, expected, hint: hint ?? `write ${expected} here` };
}

function constMismatch(
  kind: SpecKind,
  path: PathSegment[],
  value: unknown,
  allowed: unknown,
): Omit<Issue, 'file' | 'path'> {
  const field = path[path.length - 1];
  if (path.length === 1 && field === 'kind') {
    return {
      rule: 'wrong-kind',
      message: `${show(value)} does not belong in this file`,
      expected: code(String(allowed)),
      hint:
        kind === 'Platform'
          ? 'platform.yaml holds the `Platform`; workload clusters go in <env>/<cluster>.yaml'
          : 'files under <env>/ hold one `WorkloadCluster` each; the `Platform` lives in platform.yaml',
    };
  }
  if (path.length === 1 && field === 'apiVersion') {
    return {
      rule: 'wrong-api-version',
      message: `unsupported apiVersion ${show(value)}`,
      expected: code(String(allowed)),
      hint: `set \`apiVersion: ${String(allowed)}\``,
    };
  }
  return {
    rule: 'invalid-value',
    message: `invalid value ${show(value)}`,
    expected: code(String(allowed)),
    hint: `set it to ${code(String(allowed))}`,
  };
}

/** "an integer", "a list of ...", with the type's own description for named types. */
function typeName(lookup: SchemaLookup): string {
  const { schema, definition } = lookup;
  if (definition && PATTERN_TYPES[definition]) return PATTERN_TYPES[definition].expected;
  if (schema.const !== undefined) return code(String(schema.const));
  if (schema.enum) return `one of ${schema.enum.map((v) => code(String(v))).join(', ')}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  if (type === 'array' && schema.items) {
    const item = schema.items.$ref ? schema.items.$ref.replace('#/definitions/', '') : undefined;
    return item && PATTERN_TYPES[item] ? `a list of ${PATTERN_TYPES[item].plural}` : 'a list';
  }
  if (type === 'object') return schema.properties ? 'a mapping of keys' : 'a mapping of names to values';
  return article(String(type ?? 'value'));
}

function article(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'boolean':
      return '`true` or `false`';
    case 'object':
      return 'a mapping of keys';
    case 'array':
      return 'a list';
    default:
      return `a ${type}`;
  }
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${show(value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${typeof value} ${show(value)}`;
}

function firstSentence(text: string): string {
  const first = text.split('\n\n')[0];
  const end = first.search(/\.(\s|$)/);
  return end > 0 ? first.slice(0, end) : first;
}

/** A best-effort DNS-1123 form of a name, for the hint. */
function dns1123(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** JSON Pointer (`/network/ipPool/0`) to path segments; array indices become numbers. */
function toPath(data: unknown, pointer: string): PathSegment[] {
  if (!pointer) return [];
  const path: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) && /^[0-9]+$/.test(key) ? Number(key) : key;
    path.push(segment);
    current =
      current !== null && typeof current === 'object' ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return path;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}
