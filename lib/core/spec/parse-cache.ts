/**
 * The data of spec files parsed before, keyed by the SHA-256 of their text. The `yaml` parse that keeps positions is
 * about 0.45 s of a 1000-cluster load, and a re-synth reads the same texts again: a text found here is not parsed.
 *
 * Only clean parses are kept (`ParsedSpecFile.cacheable`: no error, no warning, plain data), so a hit stands for
 * exactly what the parse gave: the loader validates it as before, and parses the text again only for the positions
 * of an error. Each entry is held as V8's serialization of the data (`v8.serialize`, exact for plain data: `-0`,
 * `NaN`, an own `__proto__` key, objects shared by aliases), and every hit is a fresh copy.
 *
 * This class does no I/O; the CLI keeps it between runs in a private file (`lib/cli/spec-cache.ts`).
 */
import { createHash } from 'crypto';
import { types } from 'util';
import * as v8 from 'v8';
import { isPlainData } from './plain-data';

export class SpecParseCache {
  /** A cache from {@link SpecParseCache.serialize}'s bytes, or `undefined` when they are not one. */
  public static deserialize(bytes: Uint8Array): SpecParseCache | undefined {
    let value: unknown;
    try {
      value = v8.deserialize(bytes);
    } catch {
      return undefined;
    }
    // `util.types`, not `instanceof`: the deserializer builds its values in Node's own realm (jest runs tests in another)
    if (!types.isMap(value)) return undefined;
    for (const [key, entry] of value as Map<unknown, unknown>) {
      if (typeof key !== 'string' || !/^[0-9a-f]{64}$/.test(key) || !types.isUint8Array(entry)) return undefined;
    }
    return new SpecParseCache(value as Map<string, Uint8Array>);
  }

  private readonly entries: Map<string, Uint8Array>;
  /** Keys this load asked for and found, or added. */
  private readonly used = new Set<string>();
  private added = 0;

  public constructor(entries: ReadonlyMap<string, Uint8Array> = new Map()) {
    this.entries = new Map(entries);
  }

  /** The data parsed before from exactly `text` (a fresh copy), or `undefined` when this text is not here. */
  public get(text: string): { readonly data: unknown } | undefined {
    const key = textKey(text);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    try {
      const data: unknown = v8.deserialize(entry);
      this.used.add(key);
      return { data };
    } catch {
      this.entries.delete(key); // unreadable (written by another V8?): parsed again, and replaced
      return undefined;
    }
  }

  /** Data as an entry holds it, taken now (later changes to `data` do not reach it); `undefined` when not plain. */
  public static encode(data: unknown): Uint8Array | undefined {
    return isPlainData(data) ? v8.serialize(data) : undefined;
  }

  /** {@link encode} for data known to be plain (what `fast-parse.ts` gives): the same bytes, without the check. */
  public static encodePlain(data: unknown): Uint8Array {
    return v8.serialize(data);
  }

  /** Keeps the data of a clean parse of `text`; data that is not plain is not kept. */
  public set(text: string, data: unknown): void {
    this.setEncoded(text, SpecParseCache.encode(data));
  }

  /** Keeps data {@link SpecParseCache.encode encoded} earlier (nothing when it was not plain). */
  public setEncoded(text: string, encoded: Uint8Array | undefined): void {
    if (encoded === undefined) return;
    const key = textKey(text);
    this.entries.set(key, encoded);
    this.used.add(key);
    this.added++;
  }

  /** Whether {@link serialize} would give other entries than those the cache started with. */
  public get changed(): boolean {
    return this.added > 0 || this.used.size !== this.entries.size;
  }

  /** The entries this load used or added (texts no longer read are dropped), as bytes. */
  public serialize(): Buffer {
    const kept = new Map<string, Uint8Array>();
    for (const key of this.used) {
      const entry = this.entries.get(key);
      if (entry !== undefined) kept.set(key, entry);
    }
    return v8.serialize(kept);
  }
}

function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
