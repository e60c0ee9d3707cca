// Signature help inside calls (LSP "textDocument/signatureHelp"). While an argument list is
// being typed it rarely parses, so the call is found in the tokens before the cursor: the
// innermost unclosed `(`, the name (and handle) before it, and the commas since.
import { scan } from '../../grammar/scanner.js';
import type { ParameterInformation, SignatureHelp } from 'vscode-languageserver';
import { BUILTIN_SIGNATURES, bindingType, functionSignature, paramLabel } from './describe.js';
import { visibleNamesAt } from './scope-at.js';
import type { Analysis } from './workspace.js';
import type { FunctionInfo } from '../../compiler/check/model.js';

/** How far back to look for the opening parenthesis; calls longer than this are rare. */
const WINDOW = 4000;

export function signatureHelpAt(analysis: Analysis, offset: number): SignatureHelp | null {
  const windowStart = lineStartBefore(analysis.text, Math.max(0, offset - WINDOW));
  const tokens = scan(analysis.text.slice(windowStart, offset)).code;
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const text = tokens[i].text;
    if (text === ')' || text === ']' || text === '}') depth++;
    else if (text === '[' || text === '{') {
      if (depth === 0) return null; // the cursor is in an array literal or a block, not a call
      depth--;
    } else if (text === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const name = tokens[i - 1];
      if (!name || name.kind !== 'Identifier') {
        // A grouping parenthesis: the call, if any, is further out.
        commas = 0;
        continue;
      }
      const receiver = tokens[i - 2]?.text === '.' ? tokens[i - 3] : undefined;
      return describeCall(analysis, windowStart + name.start, name.text, receiver?.kind === 'Identifier' ? receiver.text : undefined, commas);
    } else if (text === ',' && depth === 0) {
      commas++;
    } else if (text === ';' && depth === 0) {
      return null;
    }
  }
  return null;
}

function describeCall(analysis: Analysis, offset: number, name: string, receiver: string | undefined, commas: number): SignatureHelp | null {
  const visible = visibleNamesAt(analysis, offset);
  let fn: FunctionInfo | undefined;
  if (receiver !== undefined) {
    const binding = visible.names.get(receiver);
    const type = binding ? bindingType(binding) : undefined;
    if (type?.kind === 'handle' && type.handleKind === 'server') fn = type.section.functions.find((f) => f.name === name && !f.isPrivate);
  } else {
    const binding = visible.names.get(name);
    if (binding?.kind === 'function') fn = binding.fn;
    else if (!binding && BUILTIN_SIGNATURES[name]) {
      const builtin = BUILTIN_SIGNATURES[name];
      const parameters = builtin.params.map((label) => ({ label }));
      const active = name === 'print' ? 0 : Math.min(commas, parameters.length - 1);
      return { signatures: [{ label: builtin.label, documentation: builtin.doc, parameters }], activeSignature: 0, activeParameter: active };
    }
  }
  if (!fn) return null;
  const label = functionSignature(fn);
  const parameters: ParameterInformation[] = [];
  let searchFrom = label.indexOf('(') + 1;
  for (const param of fn.params) {
    const text = paramLabel(param);
    const start = label.indexOf(text, searchFrom);
    parameters.push({ label: [start, start + text.length] });
    searchFrom = start + text.length;
  }
  const signature = { label, parameters, ...(fn.decl.doc ? { documentation: fn.decl.doc } : {}) };
  return { signatures: [signature], activeSignature: 0, activeParameter: Math.min(commas, Math.max(0, parameters.length - 1)) };
}

function lineStartBefore(text: string, offset: number): number {
  if (offset === 0) return 0;
  const newline = text.lastIndexOf('\n', offset);
  return newline < 0 ? 0 : newline + 1;
}
