// From the code generator's record of an image (line entries and functions, by label) to
// its DWARF sections, once the linker knows where every label ended up.
import type { ImageDebug } from '../codegen/image-codegen.js';
import { debugSections, type DebugFunction, type DebugRow } from './debug-sections.js';

export const PRODUCER = 'penglaic';
const ENTRY_SYMBOL = '_start';

export function imageDebugSections(
  debug: ImageDebug,
  addressOf: (label: string) => bigint | undefined,
  symbols: readonly { name: string; value: bigint; size: number }[],
  unit: { compDir: string; primaryFile: string },
): { name: string; bytes: Uint8Array }[] {
  const codeEnd = addressOf(debug.codeEnd);
  if (codeEnd === undefined) return [];
  const rows: DebugRow[] = [];
  for (const entry of debug.entries) {
    const address = addressOf(entry.label);
    if (address !== undefined && entry.file !== '') rows.push({ address, file: entry.file, line: entry.line, column: entry.column });
  }
  const functions: DebugFunction[] = [];
  for (const fn of debug.functions) {
    const low = addressOf(fn.symbol);
    if (low === undefined) continue;
    functions.push({
      name: fn.name,
      low,
      file: fn.declaredAt?.file,
      line: fn.declaredAt?.startLine ?? 0,
      returnType: fn.returnType,
      variables: fn.variables.map((v) => {
        const from = v.live && addressOf(v.live.from);
        const live = from === undefined ? undefined : { from, to: v.live!.to === undefined ? undefined : addressOf(v.live!.to) };
        return { ...v, live };
      }),
      saved: fn.saved,
    });
  }
  return debugSections({ producer: PRODUCER, compDir: unit.compDir, primaryFile: unit.primaryFile, rows, functions, codeEnd, entry: entryRange(symbols) });
}

/** `_start`, from its address to its size or else to the next symbol after it. */
function entryRange(symbols: readonly { name: string; value: bigint; size: number }[]): { low: bigint; high: bigint } | undefined {
  const start = symbols.find((s) => s.name === ENTRY_SYMBOL);
  if (!start) return undefined;
  if (start.size > 0) return { low: start.value, high: start.value + BigInt(start.size) };
  const next = symbols.filter((s) => s.value > start.value).reduce<bigint | undefined>((m, s) => (m === undefined || s.value < m ? s.value : m), undefined);
  return next === undefined ? undefined : { low: start.value, high: next };
}
