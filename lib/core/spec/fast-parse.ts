/**
 * The data of a spec file written in the plain subset of YAML that generated and hand-written specs use, read from
 * `js-yaml`'s event stream (about 5 times faster than `yaml`'s document model, which `parse.ts` builds for
 * positions), or `undefined` when the file is outside that subset. Then, and for every file with any problem, the
 * loader parses with `yaml` as before, so errors and their positions come from one parser only.
 *
 * The subset is what both parsers read the same way by construction, and the events show all of it:
 *
 * - one document, no directive and no document marker (`---`, `...`), a mapping at the top;
 * - no anchor, alias or tag, so no node is shared or typed by hand;
 * - scalars on one line, plain or quoted without an escape (`ScalarEvent.fast`): their text is the source between
 *   the offsets, so no folding, escape or block-scalar rule is involved;
 * - keys that are such scalars and resolve to strings, each once per mapping, none `<<`;
 * - a flow collection (`[...]`, `{...}`) inside a block collection stays on one line (`yaml` warns about a closing
 *   bracket at the parent's indentation, and the loader treats warnings as errors);
 * - only characters both read alike: no tab, CR, control, BOM, line separator or surrogate, and lines of at most
 *   {@link MAX_LINE} characters (`yaml` refuses an implicit key over 1024).
 *
 * The data is plain (`plain-data.ts`, nested less than {@link MAX_PLAIN_DEPTH} levels) by construction.
 *
 * Plain scalars are typed by `yaml`'s own YAML 1.2 core schema tags (the schema of {@link YAML_PARSE_OPTIONS}), in
 * its order, so `1_000`, `0o17`, `.inf` or `~` mean what they mean to `yaml`. `test/spec/fast-parse.test.ts`
 * compares both parsers on every fixture and on many thousands of mutated ones.
 */
import { COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, parseEvents } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import { Document, isScalar } from 'yaml';
import type { ScalarTag } from 'yaml';
import { YAML_PARSE_OPTIONS } from './parse';
import { MAX_PLAIN_DEPTH } from './plain-data';

/** Longer lines are left to `yaml` (an implicit key may not exceed 1024 characters there). */
export const MAX_LINE = 1000;

/** Characters outside the subset: tab, CR and other controls, DEL, C1, U+2028/9, surrogates, U+FEFF, U+FFFE/F. */
const OUTSIDE = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

/** A document marker at the start of a line (`yaml` and `js-yaml` disagree on an end marker before the content). */
const MARKER = /^(?:---|\.\.\.)(?=[ \n]|$)/m;

/** Thrown inside the walk for "not in the subset"; never escapes {@link fastParse}. */
const OUT = Symbol('outside the subset');

let schema: { tags: readonly ScalarTag[]; options: Document['options'] } | undefined;

/** The scalar tags `yaml` tries on a plain scalar, in its order (`findScalarTagByTest` in `compose-scalar.js`). */
function plainScalarTags(): NonNullable<typeof schema> {
  if (!schema) {
    const doc = new Document(null, YAML_PARSE_OPTIONS);
    const tags = doc.schema.tags.filter((t): t is ScalarTag => 'test' in t && t.test instanceof RegExp);
    schema = { tags, options: doc.options };
  }
  return schema;
}

export function fastParse(text: string): { readonly data: unknown } | undefined {
  if (OUTSIDE.test(text) || MARKER.test(text) || hasLongLine(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined; // not YAML, or too deep: `yaml` says what is wrong
  }
  const document = events[0];
  if (
    document?.type !== EVENT_ID.DOCUMENT ||
    document.directives.length ||
    document.explicitStart ||
    document.explicitEnd ||
    events[1]?.type !== EVENT_ID.MAPPING
  ) {
    return undefined;
  }
  try {
    const walk = new EventWalk(text, events);
    const data = walk.node(false, 0);
    return walk.atEnd() ? { data } : undefined;
  } catch (err) {
    if (err === OUT) return undefined;
    throw err;
  }
}

function hasLongLine(text: string): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    if ((end < 0 ? text.length : end) - start > MAX_LINE) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

class EventWalk {
  private next = 1;
  /** The offset just after the last token read: the end of a scalar (and its quote) or a closing bracket. */
  private last = 0;

  public constructor(
    private readonly text: string,
    private readonly events: readonly Event[],
  ) {}

  /** After the top mapping: only the document's end. */
  public atEnd(): boolean {
    return this.events[this.next]?.type === EVENT_ID.POP && this.next + 1 === this.events.length;
  }

  public node(inBlock: boolean, depth: number): unknown {
    const event = this.events[this.next++];
    switch (event?.type) {
      case EVENT_ID.SCALAR:
        return this.scalar(event, false);
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        if (event.anchorStart !== -1 || event.tagStart !== -1 || depth >= MAX_PLAIN_DEPTH) throw OUT;
        const flow = event.style === COLLECTION_STYLE.FLOW;
        if (flow) this.last = event.start + 1; // after its `[` or `{`
        const value = event.type === EVENT_ID.SEQUENCE ? this.items(!flow, depth + 1) : this.pairs(!flow, depth + 1);
        this.next++; // its POP
        if (flow) this.closeFlow(event.start, inBlock);
        return value;
      }
      default:
        throw OUT; // an alias
    }
  }

  private items(block: boolean, depth: number): unknown[] {
    const items: unknown[] = [];
    while (this.events[this.next]?.type !== EVENT_ID.POP) items.push(this.node(block, depth));
    return items;
  }

  private pairs(block: boolean, depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.events[this.next]?.type !== EVENT_ID.POP) {
      const event = this.events[this.next++];
      if (event?.type !== EVENT_ID.SCALAR) throw OUT; // a collection as key
      const key = this.scalar(event, true);
      if (typeof key !== 'string' || key === '<<' || Object.hasOwn(map, key)) throw OUT;
      const value = this.node(block, depth);
      // what `yaml`'s addPairToJSMap does for a key the object already has, such as `__proto__`
      if (key in map) Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
      else map[key] = value;
    }
    return map;
  }

  private scalar(event: ScalarEvent, atKey: boolean): unknown {
    if (event.anchorStart !== -1 || event.tagStart !== -1) throw OUT;
    if (event.valueStart === -1) return this.plain('', atKey); // an empty node (`key:`)
    const source = this.text.slice(event.valueStart, event.valueEnd);
    if (event.style === SCALAR_STYLE.PLAIN) {
      // `fast` is false for a plain scalar that the parser looked past a line break for (`1\n}`): one line is enough
      if (!event.fast && source.includes('\n')) throw OUT;
      this.last = event.valueEnd;
      return this.plain(source, atKey);
    }
    if (!event.fast || (event.style !== SCALAR_STYLE.SINGLE_QUOTED && event.style !== SCALAR_STYLE.DOUBLE_QUOTED)) {
      throw OUT;
    }
    this.last = event.valueEnd + 1;
    return source;
  }

  /** What `yaml` makes of a plain scalar: the first default tag whose test matches resolves it, else a string. */
  private plain(source: string, atKey: boolean): unknown {
    const { tags, options } = plainScalarTags();
    const tag = tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source));
    if (!tag) return source;
    let failed = false;
    const resolved: unknown = tag.resolve(source, () => (failed = true), options);
    // a tag may give a node (`bool` does, to keep how the value was written): its value is what `toJS` gives
    const value: unknown = isScalar(resolved) ? resolved.value : resolved;
    if (failed || (typeof value === 'object' && value !== null)) throw OUT;
    return value;
  }

  /**
   * Moves past a flow collection's closing bracket (after its last token: only spaces, line breaks, `,`, `:`, `?`
   * and comments may come first), and leaves a flow collection in a block collection that spans lines to `yaml`.
   */
  private closeFlow(start: number, inBlock: boolean): void {
    const { text } = this;
    let at = this.last;
    for (;;) {
      const ch = text[at];
      if (ch === ']' || ch === '}') break;
      if (ch === '#') {
        const eol = text.indexOf('\n', at);
        at = eol < 0 ? text.length : eol;
      } else if (ch === ' ' || ch === '\n' || ch === ',' || ch === ':' || ch === '?') at++;
      else throw OUT;
    }
    if (inBlock && text.slice(start, at).includes('\n')) throw OUT;
    this.last = at + 1;
  }
}
