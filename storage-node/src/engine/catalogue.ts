/**
 * Definitions by namespace and name (document collections, vector collections, series):
 * durable in the store's meta database under a kind prefix, and mirrored in memory.
 */
import { lenPrefixed, nsPrefix, prefixEnd } from './keys';
import type { Store } from './store';

/** Data-key prefix for one named thing in a namespace: ns + name, both length-prefixed. */
export function namePrefix(ns: string, name: string): Buffer {
  return Buffer.concat([nsPrefix(ns), lenPrefixed(name)]);
}

export class Catalogue<T extends { name: string }> {
  private readonly items = new Map<string, { ns: string; info: T }>();

  constructor(
    private readonly store: Store,
    private readonly kind: string,
  ) {
    const p = Buffer.from(kind);
    for (const { key, value } of store.meta.getRange({ start: p, end: prefixEnd(p) })) {
      const ns = key.toString('utf8', p.length + 1, p.length + 1 + key[p.length]);
      const info = value as T;
      this.items.set(this.memKey(ns, info.name), { ns, info });
    }
  }

  private memKey(ns: string, name: string): string {
    return `${ns}\u0000${name}`;
  }

  private metaKey(ns: string, name: string): Buffer {
    return Buffer.concat([Buffer.from(this.kind), nsPrefix(ns), lenPrefixed(name)]);
  }

  get(ns: string, name: string): T | undefined {
    return this.items.get(this.memKey(ns, name))?.info;
  }

  /** Saves a definition (call inside a store write). */
  put(ns: string, info: T): void {
    this.store.meta.putSync(this.metaKey(ns, info.name), info);
    this.items.set(this.memKey(ns, info.name), { ns, info });
  }

  /** Removes a definition (call inside a store write). */
  remove(ns: string, name: string): void {
    this.store.meta.removeSync(this.metaKey(ns, name));
    this.items.delete(this.memKey(ns, name));
  }

  list(ns: string): T[] {
    return [...this.items.values()].filter((e) => e.ns === ns).map((e) => e.info);
  }

  all(): { ns: string; info: T }[] {
    return [...this.items.values()];
  }
}
