// Go to declaration (LSP 3.17 "textDocument/declaration"). Penglai has no separate declarations
// (no prototypes, no `extern`): every name is declared exactly once, where it is defined, and an
// imported name is declared in the file that defines it. So the declaration is the definition,
// including for a server function called through a handle (its `fn` in the server section).
import type { Location } from 'vscode-languageserver';
import { definitionAt } from './references.js';
import type { Analysis } from './workspace.js';

export function declarationAt(analysis: Analysis, offset: number): Location | null {
  return definitionAt(analysis, offset);
}
