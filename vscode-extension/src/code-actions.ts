// Quick fixes (LSP "textDocument/codeAction") for diagnostics whose repair is mechanical. They
// read the diagnostic's structured payload (grammar/diagnostic.ts `DiagnosticData`), never its
// message: any repair the front end computed (a misspelt name, field or server function, `=`
// for `==`, widening before arithmetic), a missing `;` (E0001), an unused variable (W0101), an
// enclave without `main` (E0401), a call with too many arguments (E0312).
import type * as ast from '../../grammar/ast.js';
import type { Diagnostic as FrontEndDiagnostic } from '../../grammar/diagnostic.js';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import { walk } from './ast-walk.js';
import { positionAt, spanToRange } from './positions.js';
import type { Analysis } from './workspace.js';

const overlaps = (a: Range, b: Range) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

export function codeActionsFor(analysis: Analysis, range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of analysis.checked.diagnostics) {
    if (d.span.file !== analysis.file || !overlaps(spanToRange(d.span), range)) continue;
    const action = fixFor(analysis, d);
    if (action) actions.push(action);
  }
  return actions;
}

function fixFor(analysis: Analysis, d: FrontEndDiagnostic): CodeAction | undefined {
  const range = spanToRange(d.span);
  const lspDiagnostic = { range, message: d.message, code: d.code, source: 'penglaic' };
  const edit = (newText: string, at: Range = range) => ({ changes: { [analysis.uri]: [{ range: at, newText }] } });
  const action = (title: string, newText: string, at?: Range, preferred = true): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [lspDiagnostic],
    isPreferred: preferred,
    edit: edit(newText, at),
  });

  // A repair the front end computed (did you mean, `=` for `==`, widening): apply it as it is.
  const replacement = d.data?.replacement;
  if (replacement && replacement.span.file === d.span.file) return action(replacement.title, replacement.text, spanToRange(replacement.span));

  switch (d.code) {
    case 'E0001':
      // Parse errors say what was expected; only the missing `;` has a single obvious repair.
      if (d.data?.expected === ';') return action('Insert `;`', ';', { start: range.start, end: range.start });
      return undefined;
    case 'W0101': {
      const name = analysis.text.slice(d.span.start, d.span.end);
      return action(`Rename to \`_${name}\` to keep it unused`, `_${name}`);
    }
    case 'E0401': {
      const enclave = analysis.program.items.find((item) => item.kind === 'EnclaveDecl' && item.name?.span.start === d.span.start);
      if (!enclave) return undefined;
      const end = spanToRange(enclave.span).end;
      const closing = { line: end.line, character: Math.max(0, end.character - 1) };
      return action('Add `fn main() -> i64`', '  fn main() -> i64 {\n    return 0;\n  }\n', { start: closing, end: closing });
    }
    case 'E0312': {
      const keep = Number(d.data?.expected);
      if (!Number.isInteger(keep)) return undefined;
      const call = findCall(analysis, d.span.start, d.span.end);
      if (!call || call.args.length <= keep) return undefined;
      const from = keep === 0 ? call.args[0].span.start : call.args[keep - 1].span.end;
      const to = call.args[call.args.length - 1].span.end;
      return action(`Remove the ${call.args.length - keep} extra argument${call.args.length - keep === 1 ? '' : 's'}`, '', {
        start: positionAt(analysis.lines, from),
        end: positionAt(analysis.lines, to),
      });
    }
  }
  return undefined;
}

function findCall(analysis: Analysis, start: number, end: number): ast.MethodCallExpr | ast.CallExpr | undefined {
  let found: ast.MethodCallExpr | ast.CallExpr | undefined;
  walk(analysis.program, (node) => {
    if (found || node.span.end < start || node.span.start > end) return false;
    if ((node.kind === 'MethodCallExpr' || node.kind === 'CallExpr') && node.span.start === start && node.span.end === end) found = node;
    return true;
  });
  return found;
}
