// Lowering one section to an IR module: its functions (and for the host, its body),
// its globals, the transfer-region caches and the interface digests it refers to.
import type { Diagnostic, SourceSpan } from '../../grammar/diagnostic.js';
import type { CheckedProgram, ConstValue, SectionInfo, Type } from '../check/model.js';
import { layoutOf } from '../check/model.js';
import { FunctionLowering, type LowerContext } from './lower.js';
import { digestSymbol } from './lower-ipc.js';
import type { IrModule } from './ir.js';
import { ModuleBuilder } from './module-builder.js';
import { optimizeFunction } from './optimize.js';
import { planRegionPlacement } from './region-placement.js';
import { timed, type PhaseTimings } from '../phase-timings.js';

export const HOST_MAIN_SYMBOL = '__pgl_host_main';
/** `test` blocks run host-side: each becomes a host function of its own. */
export const testSymbol = (index: number) => `__pgl_test_${index}`;
export const functionSymbol = (name: string) => `f_${name}`;
export const globalSymbol = (name: string) => `g_${name}`;

export function lowerSection(
  checked: CheckedProgram,
  section: SectionInfo,
  diagnostics: Diagnostic[],
  optimize = true,
  timings?: PhaseTimings,
  measurementOf?: LowerContext['measurementOf'],
  notes?: string[],
): IrModule {
  const module = new ModuleBuilder();
  const ctx: LowerContext = {
    checked,
    section,
    module,
    functionSymbol,
    globalSymbol,
    regionSlot: (size) => module.declare({ symbol: `__pgl_region_${size}`, bytes: undefined, size: 8, align: 8, readOnly: false }),
    placement: planRegionPlacement(checked, section),
    diagnostics,
    measurementOf,
  };
  for (const slot of new Set([...ctx.placement.locals.values()].map((p) => p.slot))) {
    module.declare({ symbol: slot, bytes: undefined, size: 8, align: 8, readOnly: false });
  }
  const lowerOne = (symbol: string, params: SectionInfo['functions'][number]['params'], body: Parameters<FunctionLowering['lowerBody']>[0], at: SourceSpan | undefined, source?: { name: string; returnType: Type | undefined }) => {
    const lowering = new FunctionLowering(ctx, symbol, params, source);
    lowering.lowerBody(body);
    const fn = lowering.b.finish();
    fn.declaredAt = at;
    module.functions.push(optimize ? timed(timings, 'optimize', () => optimizeFunction(fn, notes)) : fn);
  };
  for (const fn of section.functions) lowerOne(functionSymbol(fn.name), fn.params, fn.decl.body?.statements ?? [], fn.decl.span, { name: fn.name, returnType: fn.returnType });
  if (section.kind === 'host') {
    lowerOne(HOST_MAIN_SYMBOL, [], section.body ?? [], undefined, { name: 'host', returnType: undefined });
    checked.tests.forEach((test, i) => lowerOne(testSymbol(i), [], test.decl.body?.statements ?? [], test.decl.span));
  }
  // The top-level functions this image calls, directly or through each other: only those.
  const shared = new Map(checked.sharedFunctions.map((fn) => [functionSymbol(fn.name), fn]));
  const lowered = new Set<string>();
  for (let i = 0; i < module.functions.length; i++) {
    for (const block of module.functions[i].blocks) {
      for (const inst of block.insts) {
        if (inst.op !== 'call') continue;
        const fn = shared.get(inst.callee);
        if (!fn || lowered.has(inst.callee)) continue;
        lowered.add(inst.callee);
        lowerOne(inst.callee, fn.params, fn.decl.body?.statements ?? [], fn.decl.span);
      }
    }
  }

  for (const global of section.globals) {
    const { size, align } = layoutOf(global.type);
    const bytes = global.initial === undefined ? undefined : constantBytes(global.type, global.initial);
    module.declare({ symbol: globalSymbol(global.name), bytes: bytes?.some((b) => b !== 0) ? bytes : undefined, size, align: Math.max(align, 1), readOnly: false });
  }
  // The digests this image compares or sends: those its code refers to, and a server's own
  // (its dispatcher checks requests against it). Never every server's: that would make the
  // images of a program grow with the square of its server count.
  const referenced = new Set<string>();
  for (const fn of module.functions) for (const block of fn.blocks) for (const inst of block.insts) if (inst.op === 'symbol') referenced.add(inst.name);
  for (const server of checked.sections) {
    const symbol = digestSymbol(server.name);
    if (server.kind === 'server' && server.interfaceDigest && (server === section || referenced.has(symbol))) {
      module.declare({ symbol, bytes: server.interfaceDigest, size: server.interfaceDigest.length, align: 8, readOnly: true });
    }
  }
  return module.finish();
}

/** The initial bytes of a global of `type` (little-endian, C layout). */
function constantBytes(type: Type, value: ConstValue): Uint8Array {
  const bytes = new Uint8Array(layoutOf(type).size);
  const put = (t: Type, v: ConstValue, at: number) => {
    if (t.kind === 'int' && typeof v === 'bigint') {
      for (let i = 0; i < t.bits / 8; i++) bytes[at + i] = Number((BigInt.asUintN(64, v) >> BigInt(8 * i)) & 0xffn);
    } else if (t.kind === 'bool' && typeof v === 'boolean') {
      bytes[at] = v ? 1 : 0;
    } else if (t.kind === 'array' && Array.isArray(v)) {
      const elementSize = layoutOf(t.element).size;
      v.forEach((element, i) => put(t.element, element, at + i * elementSize));
    }
  };
  put(type, value, 0);
  return bytes;
}
