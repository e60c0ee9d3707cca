// How the editor names things: one-line declarations for hover, completion details and
// signature help, written the way the source declares them (grammar README, "Declarations").
import type * as ast from '../../grammar/ast.js';
import { BUILTIN_NAMES, builtinLabel, builtinParamLabels, builtinSpec, type BuiltinPlace } from '../../compiler/builtins.js';
import { typeToString, type Binding, type ConstValue, type FunctionInfo, type ParamInfo, type SectionInfo, type Type } from '../../compiler/check/model.js';

export function paramLabel(param: ParamInfo): string {
  const direction = param.direction === 'value' ? '' : `${param.direction} `;
  return `${param.name}: ${direction}${typeToString(param.type)}`;
}

/** `fn Adder.add_two(tag: u64) -> u64`; functions of the host and enclaves are named plainly. */
export function functionSignature(fn: FunctionInfo, qualified = fn.section.kind === 'server'): string {
  const name = qualified ? `${fn.section.name}.${fn.name}` : fn.name;
  const result = fn.returnType.kind === 'void' ? '' : ` -> ${typeToString(fn.returnType)}`;
  return `${fn.isPrivate ? 'private ' : ''}fn ${name}(${fn.params.map(paramLabel).join(', ')})${result}`;
}

export function sectionHeader(section: SectionInfo): string {
  if (section.kind === 'server') return `server ${section.name}${section.registeredName !== undefined ? ` "${section.registeredName}"` : ''}`;
  if (section.kind === 'enclave') return `enclave ${section.name}`;
  return 'host';
}

/** `measurement(X)`, or the name of another measurement constant. */
function sourceText(e: ast.Expr): string {
  if (e.kind === 'CallExpr' && e.callee.kind === 'NameExpr') return `${e.callee.name}(${e.args.map((a) => (a.kind === 'NameExpr' ? a.name : '…')).join(', ')})`;
  return e.kind === 'NameExpr' ? e.name : '…';
}

export function constText(value: ConstValue): string {
  if (Array.isArray(value)) return value.length > 8 ? `[${value.slice(0, 8).map(constText).join(', ')}, …]` : `[${value.map(constText).join(', ')}]`;
  return String(value);
}

export function bindingType(binding: Binding): Type | undefined {
  switch (binding.kind) {
    case 'local': return binding.type;
    case 'param': return binding.param.type;
    case 'global': return binding.global.type;
    case 'const': return binding.type;
    case 'function': return binding.fn.returnType;
    default: return undefined;
  }
}

export function bindingName(binding: Binding): string {
  switch (binding.kind) {
    case 'local': return binding.name;
    case 'param': return binding.param.name;
    case 'global': return binding.global.name;
    case 'const': return binding.name;
    case 'function': return binding.fn.name;
    case 'section': return binding.section.name;
    case 'struct': return binding.struct.name;
  }
}

/** The declaration line shown in a hover's code block. */
export function describeBinding(binding: Binding): string {
  switch (binding.kind) {
    case 'local':
      return `${binding.decl.kind === 'ForStmt' ? 'for' : binding.mutable ? 'var' : 'let'} ${binding.name}: ${typeToString(binding.type)}`;
    case 'param':
      return `(parameter) ${paramLabel(binding.param)}`;
    case 'global': {
      const g = binding.global;
      const keyword = g.decl.kind === 'ConstDecl' ? 'const' : g.mutable ? 'var' : 'let';
      return `${keyword} ${binding.section.name}.${g.name}: ${typeToString(g.type)}`;
    }
    case 'const':
      // A measurement constant's bytes exist only in a build: say what it is instead.
      if (binding.buildTime) return `const ${binding.name}: ${typeToString(binding.type)} = ${sourceText(binding.decl.value)} (filled in by the build)`;
      return `const ${binding.name}: ${typeToString(binding.type)} = ${constText(binding.value)}`;
    case 'function':
      return functionSignature(binding.fn);
    case 'section':
      return sectionHeader(binding.section);
    case 'struct': {
      const fields = binding.struct.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ');
      return `struct ${binding.struct.name} { ${fields} }`;
    }
  }
}

/** The declaration node whose doc comment belongs to a binding. */
export function bindingDecl(binding: Binding): ast.Node & { doc?: string } {
  switch (binding.kind) {
    case 'local': return binding.decl;
    case 'param': return binding.param.decl;
    case 'global': return binding.global.decl;
    case 'const': return binding.decl;
    case 'function': return binding.fn.decl;
    case 'section': return binding.section.decl;
    case 'struct': return binding.struct.decl;
  }
}

export function bindingDoc(binding: Binding): string | undefined {
  const decl = bindingDecl(binding);
  return 'doc' in decl && typeof decl.doc === 'string' ? decl.doc : undefined;
}

/** Builtins as the editor shows them, from the one table of them (compiler/builtins.ts). */
export const BUILTIN_SIGNATURES: Record<string, { label: string; params: string[]; doc: string; places: readonly BuiltinPlace[] }> = Object.fromEntries(
  BUILTIN_NAMES.map((name) => [name, { label: builtinLabel(name), params: builtinParamLabels(name), doc: builtinSpec(name).doc, places: builtinSpec(name).places }]),
);

/** What the enclave operations do (README, "Host and enclave operations"; Penglai-TVM's
 *  create/run/acquire/call semantics), for hovering over the keywords students meet first. */
export const KEYWORD_DOCS: Record<string, string> = {
  create: '`create Name`: the host creates an enclave or server from its image and gets a handle (`enclave<Name>` or `server<Name>`). Host only.',
  run: '`run e`: the host runs a normal enclave until its `main` returns; the result is that `i64`. `run e for n` runs at most n instructions (one time slice) and gives `true` if the enclave ended. Not for servers.',
  destroy: '`destroy e`: the host destroys an enclave or server and frees its memory. Host only.',
  acquire: '`acquire Name`: an enclave or server looks up a server by its registered name and gets a `server<Name>` handle for typed calls. Enclaves and servers only.',
  attest: '`attest e` / `attest e with nonce`: the host asks the monitor for the enclave\'s measurement report (a fresh enclave, a stopped run or an idle server).',
  stop: '`stop e`: a run suspended by a time slice becomes stopped: it may be attested, and only `resume` continues it. Host only.',
  resume: '`resume e`: continues a suspended or stopped run to the end and gives its `i64` (or the result of a run that already ended in a slice); `resume e for n` continues it for n more instructions and gives `true` if it ended. Host only.',
  start: '`start e`: runs the normal enclave e on another hart (`penglaic run --harts N`) and goes on at once; gives e back for `join`. Host only.',
  join: '`join e`: waits for the run `start e` began and gives its `i64`, as `run e` would. Host only.',
  out: '`out`: the callee writes this array or struct argument; the caller must pass a `var`.',
  inout: '`inout`: the callee reads and writes this array or struct argument; the caller must pass a `var`.',
};
