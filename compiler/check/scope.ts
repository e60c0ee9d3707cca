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

export class Scope {
  // Most blocks declare nothing: the map is made on the first declaration (fewer allocations).
  private entries: Map<string, ScopeEntry> | undefined;

  constructor(readonly parent: Scope | undefined) {}

  declare(name: string, entry: ScopeEntry): ScopeEntry | undefined {
    this.entries ??= new Map();
    const previous = this.entries.get(name);
    this.entries.set(name, entry);
    return previous;
  }

  own(name: string): ScopeEntry | undefined {
    return this.entries?.get(name);
  }

  lookup(name: string): ScopeEntry | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const entry = scope.entries?.get(name);
      if (entry) return entry;
    }
    return undefined;
  }

  ownEntries(): Iterable<ScopeEntry> {
    return this.entries?.values() ?? [];
  }
}
