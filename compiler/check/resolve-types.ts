// Type expressions to types (README, "Types"): primitive names, arrays with constant lengths,
// struct names (laid out like C structs, natural alignment) and handle types naming a section.
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { BodyContext } from './context.js';
import { constantLength } from './expressions.js';
import type { StructInfo, Type } from './model.js';
import { layoutOf } from './model.js';
import { BOOL, ERROR, intType } from './types.js';

export function resolveType(b: BodyContext, node: ast.TypeNode): Type {
  const cx = b.cx;
  switch (node.kind) {
    case 'PrimitiveType':
      return node.name === 'bool' ? BOOL : intType(node.name);
    case 'ArrayType': {
      const element = resolveType(b, node.element);
      const length = constantLength(b, node.length);
      if (element.kind === 'error' || length === undefined) return ERROR;
      if (element.kind === 'handle') {
        cx.report(Code.NotAValueType, 'arrays of handles are not supported', node.span, { label: 'array of handles' });
        return ERROR;
      }
      return { kind: 'array', element, length };
    }
    case 'NamedType': {
      const name = node.name.name;
      const struct = cx.structsByName.get(name);
      if (struct) {
        cx.result.bindings.set(node.name, { kind: 'struct', struct });
        return ensureStructLayout(b, struct) ? { kind: 'struct', struct } : ERROR;
      }
      const section = cx.sectionsByName.get(name);
      cx.report(Code.UnknownType, section ? `\`${name}\` is ${section.kind === 'server' ? 'a server' : 'an enclave'}, not a type` : `cannot find type \`${name}\``, node.span, {
        label: section ? 'not a type' : 'unknown type',
        hint: section ? `a handle to it has type \`${section.kind}<${name}>\`` : undefined,
      });
      return ERROR;
    }
    case 'HandleType': {
      if (!node.target) return ERROR;
      const section = cx.sectionsByName.get(node.target.name);
      if (!section) {
        cx.report(Code.UnknownSection, `cannot find a server or enclave named \`${node.target.name}\``, node.target.span, {
          label: 'not found',
        });
        return ERROR;
      }
      cx.result.bindings.set(node.target, { kind: 'section', section });
      const actual = section.kind === 'server' ? 'server' : 'enclave';
      if (actual !== node.handleKind) {
        cx.report(Code.UnknownType, `\`${section.name}\` is ${actual === 'server' ? 'a server' : 'an enclave'}, not ${node.handleKind === 'server' ? 'a server' : 'an enclave'}`, node.span, {
          label: 'wrong handle kind',
          hint: `write \`${actual}<${section.name}>\``,
        });
        return ERROR;
      }
      return { kind: 'handle', handleKind: actual, section };
    }
    case 'ErrorType':
      return ERROR;
  }
}

/** Lays a struct out on first use: fields in order, each at its natural alignment, the size
 *  rounded up to the largest alignment (C layout). Returns false for a struct that contains itself. */
export function ensureStructLayout(b: BodyContext, struct: StructInfo): boolean {
  const cx = b.cx;
  if (!laidOut.has(struct) && cx.structsInProgress.size === 0) layOutContainedStructsFirst(b, struct);
  if (cx.structsInProgress.has(struct)) {
    cx.report(Code.RecursiveDefinition, `struct \`${struct.name}\` contains itself`, struct.decl.name?.span ?? struct.decl.span, {
      label: 'infinitely large',
      hint: 'a struct cannot contain a field of its own type, directly or through another struct',
    });
    return false;
  }
  if (laidOut.has(struct)) return laidOut.get(struct)!;
  cx.structsInProgress.add(struct);
  let offset = 0;
  let align = 1;
  let ok = true;
  const seen = new Map<string, ast.FieldDecl>();
  for (const decl of struct.decl.fields) {
    const type = resolveType(b, decl.type);
    if (type.kind === 'error') ok = false;
    if (type.kind === 'handle') {
      cx.report(Code.NotAValueType, 'struct fields cannot be handles', decl.type.span, { label: 'a handle' });
      ok = false;
    }
    if (!decl.name) continue;
    const previous = seen.get(decl.name.name);
    if (previous) {
      cx.report(Code.DuplicateField, `field \`${decl.name.name}\` is declared twice in \`${struct.name}\``, decl.name.span, {
        label: 'declared again',
        related: [{ message: 'first declared here', span: previous.name!.span }],
      });
      continue;
    }
    seen.set(decl.name.name, decl);
    const layout = layoutOf(type);
    offset = alignUp(offset, layout.align);
    struct.fields.push({ name: decl.name.name, type, offset, decl });
    offset += layout.size;
    align = Math.max(align, layout.align);
  }
  struct.size = alignUp(offset, align);
  struct.align = align;
  cx.structsInProgress.delete(struct);
  laidOut.set(struct, ok);
  return ok;
}

const laidOut = new WeakMap<StructInfo, boolean>();

/** Lays out the structs that `root`'s fields contain, directly or further down, deepest first
 *  and without recursion, so that laying `root` out finds each of them done. Otherwise a
 *  machine-written chain of 10,000 structs, each holding the next, recurses once per struct.
 *  A cycle is left to the layout itself, which reports it. */
function layOutContainedStructsFirst(b: BodyContext, root: StructInfo): void {
  const order: StructInfo[] = [];
  const state = new Map<StructInfo, 'open' | 'done'>([[root, 'open']]);
  const stack = [{ struct: root, contained: containedStructs(b, root), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const child = top.contained[top.next++];
    if (child === undefined) {
      state.set(top.struct, 'done');
      order.push(top.struct);
      stack.pop();
    } else if (state.get(child) === 'open') {
      return; // a cycle: the ordinary layout reports it where it always has
    } else if (!state.has(child) && !laidOut.has(child)) {
      state.set(child, 'open');
      stack.push({ struct: child, contained: containedStructs(b, child), next: 0 });
    }
  }
  for (const struct of order) if (struct !== root) ensureStructLayout(b, struct);
}

/** The structs named by a struct's field types (through arrays). */
function containedStructs(b: BodyContext, struct: StructInfo): StructInfo[] {
  const contained: StructInfo[] = [];
  for (const field of struct.decl.fields) {
    let type: ast.TypeNode = field.type;
    while (type.kind === 'ArrayType') type = type.element;
    const named = type.kind === 'NamedType' ? b.cx.structsByName.get(type.name.name) : undefined;
    if (named) contained.push(named);
  }
  return contained;
}

const alignUp = (value: number, align: number) => Math.ceil(value / align) * align;
