// Branch relaxation on the program's lines, before they are assembled: a conditional branch
// reaches ±4 KiB (unprivileged spec §2.5), so each keeps its short form when its target is
// surely that close and otherwise becomes the inverse branch over a `j` (±1 MiB). "Surely":
// distances are summed from each line's largest possible size (a `li` of its value at
// most, every conditional branch counted in its long form), which bounds the real distance
// from above whatever the other branches become, so one pass decides every branch.
import type { AsmLine } from './lines.js';

const INVERSE: Record<string, string> = { beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu', beqz: 'bnez', bnez: 'beqz' };
/** Short branches reach −4096..+4094 bytes; keep a margin for alignment. */
const SHORT_REACH = 4000;

const isBranch = (line: AsmLine): line is AsmLine & { k: 'op' } => line.k === 'op' && INVERSE[line.mnemonic] !== undefined;
const targetOf = (line: AsmLine & { k: 'op' }) => String(line.mnemonic.endsWith('z') ? line.b : line.c);

function largestSize(line: AsmLine): number {
  switch (line.k) {
    case 'op': {
      if (isBranch(line)) return 8;
      if (line.mnemonic === 'li') {
        const value = BigInt(line.b as string | number | bigint);
        return value >= -2048n && value <= 2047n ? 4 : value >= -(1n << 31n) && value < 1n << 31n ? 8 : 32;
      }
      return line.mnemonic === 'la' || line.mnemonic === 'lla' || line.mnemonic === 'call' || line.mnemonic === 'tail' ? 8 : 4;
    }
    case 'mem':
      return 4;
    case 'align':
      return 1 << line.log2;
    case 'bytes':
      return line.bytes.length;
    case 'dword':
      return 8;
    case 'zero':
      return line.count;
    case 'text':
      return /^\s*(#|$)/.test(line.text) ? 0 : 32;
    default:
      return 0;
  }
}

/** The lines with each far conditional branch in its long form. `newLabel` names the skips. */
export function relaxBranches(lines: readonly AsmLine[], newLabel: () => string): AsmLine[] {
  // Upper bounds of each line's offset in its section, and of each label's.
  const at = new Float64Array(lines.length);
  const labels = new Map<string, { section: string; offset: number }>();
  let section = '.text';
  const offsets = new Map<string, number>();
  lines.forEach((line, i) => {
    if (line.k === 'section') section = line.name;
    const offset = offsets.get(section) ?? 0;
    at[i] = offset;
    if (line.k === 'label') labels.set(line.name, { section, offset });
    offsets.set(section, offset + largestSize(line));
  });
  const out: AsmLine[] = [];
  section = '.text';
  lines.forEach((line, i) => {
    if (line.k === 'section') section = line.name;
    if (!isBranch(line)) return out.push(line);
    const target = labels.get(targetOf(line));
    if (target && target.section === section && Math.abs(target.offset - at[i]) <= SHORT_REACH) return out.push(line);
    const skip = newLabel();
    const inverse = INVERSE[line.mnemonic];
    out.push(line.mnemonic.endsWith('z') ? { k: 'op', mnemonic: inverse, a: line.a, b: skip } : { k: 'op', mnemonic: inverse, a: line.a, b: line.b, c: skip });
    out.push({ k: 'op', mnemonic: 'j', a: targetOf(line) });
    out.push({ k: 'label', name: skip });
  });
  return out;
}
