// One image per section: the assembly of its globals, functions and entry, plus the
// runtime library parts it links with (runtime/lib). The host gets `host.elf`; every
// enclave and server gets `<Name>.elf`.
import type * as ast from '../../grammar/ast.js';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { commonLibrary } from '../../runtime/lib/common.js';
import { enclaveEntry, enclaveLibrary } from '../../runtime/lib/enclave.js';
import { hostEntry, hostLibrary } from '../../runtime/lib/host.js';
import { printLibrary } from '../../runtime/lib/print.js';
import { HOST_TEXT_BASE, EnclaveVA } from '../../runtime/abi.js';
import type { CheckedProgram, ConstValue, FunctionInfo, SectionInfo, Type } from '../check/model.js';
import { layoutOf } from '../check/model.js';
import { AsmWriter } from './asm-writer.js';
import { FunctionCodegen, type SectionContext } from './function-codegen.js';
import { imageFileName } from './host-ops.js';
import { digestSymbol } from './ipc-call.js';
import { emitServerDispatcher } from './server-dispatch.js';

export interface ImageSource {
  section: SectionInfo;
  fileName: string;
  textBase: bigint;
  /** The program's own assembly, then each runtime library part, assembled separately. */
  units: { name: string; text: string }[];
}

export interface CodegenResult {
  images: ImageSource[];
  diagnostics: Diagnostic[];
}

export const HOST_IMAGE = 'host.elf';
const MAIN_SYMBOL = 'f_main';
const HOST_MAIN_SYMBOL = '__pgl_host_main';

export function generateImages(checked: CheckedProgram): CodegenResult {
  const diagnostics: Diagnostic[] = [];
  const images = checked.sections.map((section) => generateImage(checked, section, diagnostics));
  return { images, diagnostics };
}

function generateImage(checked: CheckedProgram, section: SectionInfo, diagnostics: Diagnostic[]): ImageSource {
  const w = new AsmWriter();
  const regionSlots = new Map<number, string>();
  const ctx: SectionContext = {
    checked,
    section,
    w,
    functionSymbol: (fn: FunctionInfo) => `f_${fn.name}`,
    globalSymbol: (name: string) => `g_${name}`,
    regionSlot(size: number) {
      let slot = regionSlots.get(size);
      if (!slot) {
        slot = `__pgl_region_${size}`;
        regionSlots.set(size, slot);
      }
      return slot;
    },
    unsupported(node: ast.Node, what: string) {
      diagnostics.push({ code: 'E0900', severity: 'error', message: what, span: node.span, label: 'not supported here' });
    },
  };

  w.comment(`${section.kind} ${section.name}`);
  for (const fn of section.functions) {
    new FunctionCodegen(ctx, fn.params, fn.decl.body?.statements ?? []).emitFunction(ctx.functionSymbol(fn));
  }
  const units: { name: string; text: string }[] = [];
  if (section.kind === 'host') {
    new FunctionCodegen(ctx, [], section.body ?? []).emitFunction(HOST_MAIN_SYMBOL);
    units.push({ name: 'host-entry', text: hostEntry(HOST_MAIN_SYMBOL) });
  } else if (section.kind === 'server') {
    emitServerDispatcher(w, section, ctx.functionSymbol);
  } else {
    units.push({ name: 'enclave-entry', text: enclaveEntry(MAIN_SYMBOL) });
  }

  for (const global of section.globals) {
    const { size, align } = layoutOf(global.type);
    const bytes = global.initial === undefined ? undefined : constantBytes(global.type, global.initial);
    if (bytes && bytes.some((b) => b !== 0)) w.dataBlock(ctx.globalSymbol(global.name), bytes, Math.max(align, 1));
    else w.bssBlock(ctx.globalSymbol(global.name), size, Math.max(align, 1));
  }
  for (const [size, slot] of regionSlots) {
    void size;
    w.bssBlock(slot, 8, 8);
  }
  for (const server of checked.sections) {
    if (server.kind === 'server' && server.interfaceDigest) w.rodataBlock(digestSymbol(server.name), server.interfaceDigest);
  }

  const kind = section.kind === 'host' ? 'host' : 'enclave';
  units.unshift({ name: section.name, text: w.toString() });
  units.push({ name: 'runtime-print', text: printLibrary(kind) });
  units.push({ name: 'runtime-common', text: commonLibrary(kind) });
  units.push({
    name: section.kind === 'host' ? 'runtime-host' : 'runtime-enclave',
    text: section.kind === 'host' ? hostLibrary() : enclaveLibrary(section.kind === 'server' ? 'server' : 'normal'),
  });
  return {
    section,
    fileName: section.kind === 'host' ? HOST_IMAGE : imageFileName(section.name),
    textBase: section.kind === 'host' ? HOST_TEXT_BASE : EnclaveVA.TEXT_BASE,
    units,
  };
}

/** The initial bytes of a global of `type` (little-endian, C layout). */
function constantBytes(type: Type, value: ConstValue): Uint8Array {
  const bytes = new Uint8Array(layoutOf(type).size);
  const view = new DataView(bytes.buffer);
  const put = (t: Type, v: ConstValue, at: number) => {
    if (t.kind === 'int' && typeof v === 'bigint') {
      for (let i = 0; i < t.bits / 8; i++) view.setUint8(at + i, Number((BigInt.asUintN(64, v) >> BigInt(8 * i)) & 0xffn));
    } else if (t.kind === 'bool' && typeof v === 'boolean') {
      view.setUint8(at, v ? 1 : 0);
    } else if (t.kind === 'array' && Array.isArray(v)) {
      const elementSize = layoutOf(t.element).size;
      v.forEach((element, i) => put(t.element, element, at + i * elementSize));
    }
  };
  put(type, value, 0);
  return bytes;
}
