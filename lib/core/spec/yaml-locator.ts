/** Source positions of field paths in parsed YAML documents. */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import type { Position, SpecLocator, SpecPath } from './issue';
import { parseYamlDocument } from './parse';

interface ParsedFile {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/**
 * Positions are needed only to report errors, and most loads have none: each file is kept as text and parsed again,
 * with positions, on its first lookup (the same text, so the same document). Documents not kept alive until the end
 * of the load die young, which the garbage collector handles cheaply: a 1000-cluster `validate` took about 0.15 s
 * longer with every document kept.
 */
export class YamlLocator implements SpecLocator {
  private readonly files = new Map<string, { readonly text: string; parsed?: ParsedFile | undefined }>();

  /** Adds `file`, to be parsed on its first lookup, or with the document already parsed from `text`. */
  public add(file: string, text: string, parsed?: ParsedFile): void {
    this.files.set(file, { text, parsed });
  }

  public locate(file: string, path: SpecPath, at: 'key' | 'value'): Position {
    const entry = this.files.get(file);
    if (!entry) return { line: 1, column: 1 };
    entry.parsed ??= parseYamlDocument(entry.text);
    const offset = findOffset(entry.parsed.doc, path, at);
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = entry.parsed.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

/**
 * Walks the path; returns the offset of the value (or of its key), or of the deepest existing ancestor's key when
 * the path leaves the document (a missing field is reported at its parent key).
 */
function findOffset(doc: Document, path: SpecPath, at: 'key' | 'value'): number | undefined {
  let written = doc.contents as Node | null; // the node as written (maybe an alias)
  let node = deref(doc, written); // what it stands for
  let keyOffset = node?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (!pair) return keyOffset;
      keyOffset = (pair.key as Node | null)?.range?.[0] ?? keyOffset;
      written = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      written = node.items[segment] as Node | null;
      keyOffset = written?.range?.[0] ?? keyOffset;
    } else {
      return keyOffset;
    }
    node = deref(doc, written);
    if (!written?.range) return keyOffset;
  }
  // A block mapping or list starts on the line after its key: point at the key, where the reader looks.
  if (at === 'key' || isMap(node) || isSeq(node)) return keyOffset;
  return written?.range?.[0] ?? keyOffset;
}

/** Each mapping's pairs by key, built once: thousands of errors in one mapping stay linear, not quadratic. */
const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = PAIRS.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const key = isPair(p) ? keyText(p.key) : undefined;
      if (key !== undefined && !index.has(key)) index.set(key, p);
    }
    PAIRS.set(map, index);
  }
  return index;
}

function deref(doc: Document, node: Node | null | undefined): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node ?? null;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}
