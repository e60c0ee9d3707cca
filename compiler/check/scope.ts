// Lexical scopes of a body: blocks nest, names shadow outer ones, and each local remembers
// whether it was read so the unused-variable warning (W0101) can be given when its block ends.
import type * as ast from '../../grammar/ast.js';
import type { Binding } from './model.js';

export interface ScopeEntry {
  binding: Binding;
  /** The declaring identifier, for the unused warning; undefined for entries that never warn. */
  ident?: ast.Ident;
  used: boolean;
}

/** Up to this many names a scope is searched linearly; above it, names are also indexed by a Map. */
const LINEAR_LIMIT = 8;

export class Scope {
  // Most blocks declare nothing or a few names: the arrays are made on the first declaration,
  // and the index only for large scopes (sections, the top level). Declaration order is kept.
  private names: string[] | undefined;
  private entries: ScopeEntry[] | undefined;
  private index: Map<string, number> | undefined;

  constructor(readonly parent: Scope | undefined) {}

  declare(name: string, entry: ScopeEntry): ScopeEntry | undefined {
    const at = this.find(name);
    if (at >= 0) {
      const previous = this.entries![at];
      this.entries![at] = entry;
      return previous;
    }
    if (!this.names) {
      this.names = [name];
      this.entries = [entry];
      return undefined;
    }
    const names = this.names;
    names.push(name);
    this.entries!.push(entry);
    if (this.index) this.index.set(name, names.length - 1);
    else if (names.length > LINEAR_LIMIT) this.index = new Map(names.map((n, i) => [n, i]));
    return undefined;
  }

  own(name: string): ScopeEntry | undefined {
    const at = this.find(name);
    return at >= 0 ? this.entries![at] : undefined;
  }

  lookup(name: string): ScopeEntry | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const at = scope.find(name);
      if (at >= 0) return scope.entries![at];
    }
    return undefined;
  }

  ownEntries(): Iterable<ScopeEntry> {
    return this.entries ?? [];
  }

  /** Every name visible from here, innermost first (for "did you mean" suggestions). */
  visibleNames(): string[] {
    const seen: string[] = [];
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) for (const name of scope.names ?? []) seen.push(name);
    return seen;
  }

  private find(name: string): number {
    if (this.index) return this.index.get(name) ?? -1;
    const names = this.names;
    if (!names) return -1;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
    return -1;
  }
}
