// Caller-side zero copy (DESIGN §3, grammar/README.md "The IPC model"). A server call moves
// its transfer region to the server by page ownership; when a caller's array or struct can
// *live* inside that region, at the place the call's layout gives its parameter, nothing is
// copied in or out. This pass decides which locals live in a region.
//
// A group of locals shares one region of its own (mapped on first use, kept for the
// image's life) when all of these hold:
//  - each member is a `var` passed whole to server calls, only as `out` or `inout`
//    (an `in` argument is copied, so a hostile server cannot change the caller's data);
//  - every server call that passes any member passes all of them, each once, at the
//    same offset, in a region of the same size, and no element or field of them besides:
//    the region never carries the caller's bytes to a server that the call did not hand
//    them (everything else a call wrote is scrubbed after it, lower-ipc.ts);
//  - the function is not recursive, so one region serves its only activation.
// Everything else keeps the copying path through the per-size region cache.
//
// A server forwards the region it was called with, as Penglai's server1 does in the IPC
// demo, when a call in one of its interface functions passes that function's own array and
// struct parameters on, each whole, at the same offsets of an identical layout, none of
// them `in` on either side, and nothing else of them is left behind in the region. The
// function must only ever be entered through the dispatcher (never called locally), so its
// parameters really are in the region; the dispatcher records where it is (INCOMING_REGION).
import type * as ast from '../../grammar/ast.js';
import type { CheckedProgram, FunctionInfo, SectionInfo } from '../check/model.js';
import { isAggregate } from '../check/model.js';
import { transferLayout } from './transfer-layout.js';

export interface PlacedLocal {
  /** The data symbol that caches the group's region address (0 until mapped). */
  slot: string;
  /** The region's size in bytes (whole pages). */
  regionSize: number;
  /** The local's offset inside the region. */
  offset: number;
}

export type PlacedCall =
  /** Sends the region of a group of placed locals. */
  | { kind: 'placed'; slot: string; regionSize: number }
  /** Sends on the region this server function was called with. */
  | { kind: 'forward' };

export interface PlacementPlan {
  locals: Map<ast.VarStmt, PlacedLocal>;
  /** Server calls that send a region their arguments already live in. */
  calls: Map<ast.MethodCallExpr, PlacedCall>;
}

export const placementSlot = (group: number) => `__pgl_placed_${group}`;
/** A server's record of the region it was called with: its address, then its size. */
export const INCOMING_REGION = '__pgl_incoming_region';

interface ServerCall {
  expr: ast.MethodCallExpr;
  fn: FunctionInfo;
  /** Candidate locals passed to it, with their offsets. */
  members: Map<ast.VarStmt, number>;
  size: number;
}

export function planRegionPlacement(checked: CheckedProgram, section: SectionInfo): PlacementPlan {
  const plan: PlacementPlan = { locals: new Map(), calls: new Map() };
  if (section.kind === 'host') return plan;
  const byFunction = callsByFunction(checked, section);
  const recursive = recursiveFunctions(section, byFunction);

  const calls: ServerCall[] = [];
  const refused = new Set<ast.VarStmt>();
  for (const fn of section.functions) {
    if (recursive.has(fn)) continue;
    for (const { expr, target } of byFunction.get(fn) ?? []) {
      if (target.kind !== 'server-call') continue;
      const layout = transferLayout(target.fn);
      const call: ServerCall = { expr: expr as ast.MethodCallExpr, fn: target.fn, members: new Map(), size: layout.size };
      const parts = new Set<ast.VarStmt>();
      (expr as ast.MethodCallExpr).args.forEach((arg, i) => {
        const param = target.fn.params[i];
        if (!param || !isAggregate(param.type)) return;
        const decl = wholeVar(checked, arg);
        if (!decl) {
          // An element or field of a variable passed in the same call: the variable must
          // stay where it is, or zeroing and copying in the region would clobber the part.
          const root = rootVar(checked, arg);
          if (root) parts.add(root);
        } else if (param.direction === 'in' || call.members.has(decl)) refused.add(decl);
        else call.members.set(decl, layout.offsets[i]);
      });
      for (const decl of parts) refused.add(decl);
      calls.push(call);
    }
  }

  // Groups: locals that travel together in some call.
  const parent = new Map<ast.VarStmt, ast.VarStmt>();
  const find = (d: ast.VarStmt): ast.VarStmt => {
    let root = d;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(d, root);
    return root;
  };
  for (const call of calls) {
    let first: ast.VarStmt | undefined;
    for (const decl of call.members.keys()) {
      if (!parent.has(decl)) parent.set(decl, decl);
      if (first) parent.set(find(decl), find(first));
      else first = decl;
    }
  }
  const groups = new Map<ast.VarStmt, { members: Set<ast.VarStmt>; calls: ServerCall[] }>();
  for (const decl of parent.keys()) {
    const root = find(decl);
    if (!groups.has(root)) groups.set(root, { members: new Set(), calls: [] });
    groups.get(root)!.members.add(decl);
  }
  for (const call of calls) {
    const first = call.members.keys().next();
    if (!first.done) groups.get(find(first.value))!.calls.push(call);
  }

  let next = 0;
  for (const { members, calls: groupCalls } of groups.values()) {
    const [model] = groupCalls;
    const placeable =
      [...members].every((decl) => !refused.has(decl)) &&
      groupCalls.every(
        (call) =>
          call.size === model.size &&
          call.members.size === members.size &&
          [...call.members].every(([decl, offset]) => model.members.get(decl) === offset),
      );
    if (!placeable) continue;
    const offsets = model.members;
    const size = model.size;
    const slot = placementSlot(next++);
    for (const [decl, offset] of offsets) plan.locals.set(decl, { slot, regionSize: size, offset });
    for (const call of groupCalls) plan.calls.set(call.expr, { kind: 'placed', slot, regionSize: size });
  }
  if (section.kind === 'server') planForwarding(checked, section, byFunction, plan);
  return plan;
}

function planForwarding(checked: CheckedProgram, section: SectionInfo, byFunction: Map<FunctionInfo, CallSite[]>, plan: PlacementPlan): void {
  const calledLocally = new Set<FunctionInfo>();
  for (const sites of byFunction.values()) for (const { target } of sites) if (target.kind === 'function') calledLocally.add(target.fn);
  for (const fn of section.functions) {
    if (fn.interfaceIndex < 0 || calledLocally.has(fn)) continue;
    const own = transferLayout(fn);
    const aggregates = fn.params.flatMap((p, i) => (isAggregate(p.type) ? [i] : []));
    if (aggregates.length === 0 || aggregates.some((i) => fn.params[i].direction === 'in')) continue;
    for (const { expr, target } of byFunction.get(fn) ?? []) {
      if (target.kind !== 'server-call') continue;
      const call = expr as ast.MethodCallExpr;
      const theirs = transferLayout(target.fn);
      const forwards =
        theirs.size === own.size &&
        target.fn.params.length === fn.params.length &&
        target.fn.params.every((p, i) => {
          if (!isAggregate(p.type)) return !isAggregate(fn.params[i].type) && theirs.offsets[i] === own.offsets[i];
          const binding = call.args[i]?.kind === 'NameExpr' ? checked.bindings.get(call.args[i]) : undefined;
          return p.direction !== 'in' && binding?.kind === 'param' && binding.param === fn.params[i] && theirs.offsets[i] === own.offsets[i];
        });
      if (forwards) plan.calls.set(call, { kind: 'forward' });
    }
  }
}

/** The `var` an argument names when it is a whole local aggregate. */
function wholeVar(checked: CheckedProgram, arg: ast.Expr): ast.VarStmt | undefined {
  if (arg.kind !== 'NameExpr') return undefined;
  const binding = checked.bindings.get(arg);
  if (binding?.kind !== 'local' || binding.decl.kind !== 'VarStmt' || !isAggregate(binding.type)) return undefined;
  return binding.decl;
}

/** The local `var` an element or field expression is part of. */
function rootVar(checked: CheckedProgram, arg: ast.Expr): ast.VarStmt | undefined {
  let e = arg;
  while (e.kind === 'IndexExpr' || e.kind === 'FieldExpr') e = e.target;
  if (e.kind !== 'NameExpr') return undefined;
  const binding = checked.bindings.get(e);
  return binding?.kind === 'local' && binding.decl.kind === 'VarStmt' ? binding.decl : undefined;
}

type CallSite = { expr: ast.Expr; target: NonNullable<ReturnType<CheckedProgram['calls']['get']>> };

/** The calls inside each function of `section`, found by source span. */
function callsByFunction(checked: CheckedProgram, section: SectionInfo): Map<FunctionInfo, CallSite[]> {
  const result = new Map<FunctionInfo, CallSite[]>();
  const functions = section.functions.filter((fn) => fn.decl.body);
  if (functions.length === 0) return result;
  for (const { expr, target } of callsInSection(checked, section)) {
    const { file, start } = expr.span;
    const fn = functions.find((f) => f.decl.span.file === file && f.decl.span.start <= start && start < f.decl.span.end);
    if (!fn) continue;
    if (!result.has(fn)) result.set(fn, []);
    result.get(fn)!.push({ expr, target });
  }
  return result;
}

/** Each program's function and server calls by the section they are in, in the order of `checked.calls`. */
const callsBySection = new WeakMap<CheckedProgram, Map<SectionInfo, CallSite[]>>();

/** The function and server calls inside `section`: one pass over the program's calls, not one per section. */
function callsInSection(checked: CheckedProgram, section: SectionInfo): CallSite[] {
  let bySection = callsBySection.get(checked);
  if (!bySection) {
    bySection = new Map();
    const sectionsByFile = new Map<string, SectionInfo[]>();
    for (const s of checked.sections) {
      const list = sectionsByFile.get(s.decl.span.file);
      if (list) list.push(s);
      else sectionsByFile.set(s.decl.span.file, [s]);
    }
    for (const list of sectionsByFile.values()) list.sort((a, b) => a.decl.span.start - b.decl.span.start);
    for (const [expr, target] of checked.calls) {
      if (target.kind !== 'server-call' && target.kind !== 'function') continue;
      const { file, start } = expr.span;
      const candidates = sectionsByFile.get(file) ?? [];
      // The last section starting at or before the call is the only one that can hold it.
      let low = 0;
      let high = candidates.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (candidates[middle]!.decl.span.start <= start) low = middle + 1;
        else high = middle;
      }
      const owner = candidates[low - 1];
      if (!owner || start >= owner.decl.span.end) continue;
      const list = bySection.get(owner);
      if (list) list.push({ expr, target });
      else bySection.set(owner, [{ expr, target }]);
    }
    callsBySection.set(checked, bySection);
  }
  return bySection.get(section) ?? [];
}

/** Functions that can reach themselves through local calls. */
function recursiveFunctions(section: SectionInfo, byFunction: Map<FunctionInfo, CallSite[]>): Set<FunctionInfo> {
  const callees = (fn: FunctionInfo) =>
    (byFunction.get(fn) ?? []).flatMap(({ target }) => (target.kind === 'function' && target.fn.section === section ? [target.fn] : []));
  const recursive = new Set<FunctionInfo>();
  for (const fn of section.functions) {
    const seen = new Set<FunctionInfo>();
    const stack = callees(fn);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === fn) {
        recursive.add(fn);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...callees(next));
    }
  }
  return recursive;
}
