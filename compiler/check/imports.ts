// Loading a program's files (README, "Imports"): the root, then every `import "file.pen";`
// resolved relative to the importing file, each file parsed once. A missing file or an import
// cycle is a diagnostic at the import that causes it; reading goes through the injected host
// so an editor can supply unsaved buffers.
import * as path from 'node:path';
import type * as ast from '../../grammar/ast.js';
import { LineIndex, makeDiagnostic, type Diagnostic } from '../../grammar/diagnostic.js';
import { parse } from '../../grammar/index.js';
import { Code } from './codes.js';
import { appendAll } from '../append-all.js';

export interface SourceHost {
  readFile(path: string): string | undefined;
}

export interface LoadedFiles {
  /** Root first, then imports depth-first in the order they are written. */
  programs: ast.Program[];
  /** File name → text, for rendering diagnostics. */
  sources: Map<string, string>;
  /** Parse diagnostics and import problems, by file. */
  diagnostics: Diagnostic[];
}

export function loadFiles(rootPath: string, host: SourceHost): LoadedFiles {
  const loaded: LoadedFiles = { programs: [], sources: new Map(), diagnostics: [] };
  const done = new Set<string>();
  const active: string[] = [];

  const readSafely = (file: string): string | undefined => {
    try {
      return host.readFile(file);
    } catch {
      return undefined;
    }
  };

  const load = (file: string, text: string): void => {
    const key = path.normalize(file);
    done.add(key);
    active.push(key);
    const parsed = parse(text, file);
    loaded.programs.push(parsed.program);
    loaded.sources.set(file, text);
    appendAll(loaded.diagnostics, parsed.diagnostics);
    for (const item of parsed.program.items) {
      if (item.kind !== 'ImportDecl' || !item.path) continue;
      const target = path.join(path.dirname(file), item.path.value);
      const targetKey = path.normalize(target);
      const cycleStart = active.indexOf(targetKey);
      if (cycleStart >= 0) {
        const chain = [...active.slice(cycleStart), targetKey].map((f) => '`' + path.basename(f) + '`').join(' → ');
        loaded.diagnostics.push(makeDiagnostic(Code.ImportCycle, `import cycle: ${chain}`, item.path.span, {
          label: 'imports a file that is still being imported',
          hint: 'move the shared declarations into a third file that both import',
        }));
        continue;
      }
      if (done.has(targetKey)) continue;
      const targetText = readSafely(target);
      if (targetText === undefined) {
        loaded.diagnostics.push(makeDiagnostic(Code.ImportNotFound, `cannot find the imported file ${item.path.raw}`, item.path.span, {
          label: `no file at \`${target}\``,
          hint: 'imports are resolved relative to the importing file',
        }));
        continue;
      }
      load(target, targetText);
    }
    active.pop();
  };

  const rootText = readSafely(rootPath);
  if (rootText === undefined) {
    const span = new LineIndex('').span(rootPath, 0, 0);
    loaded.programs.push({ kind: 'Program', file: rootPath, items: [], span });
    loaded.diagnostics.push(makeDiagnostic(Code.ImportNotFound, `cannot read \`${rootPath}\``, span, { label: 'file not found' }));
    return loaded;
  }
  load(rootPath, rootText);
  return loaded;
}
