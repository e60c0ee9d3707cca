// The XML documents the GDB stub serves through qXfer (gdb manual, "Target Descriptions"
// and "Thread List Format"): the RV64 integer register file in gdb's numbering (x0..x31
// then pc, feature org.gnu.gdb.riscv.cpu) and the domains as threads.
import type { DebugThread } from './debug-target.js';
import { INTEGER_ABI_NAMES } from '../runtime/riscv/registers.js';

/** gdb's riscv feature names x8 `fp`, not `s0`. */
const ABI_NAMES = INTEGER_ABI_NAMES.map((name) => (name === 's0' ? 'fp' : name));

const typeOf = (name: string) => (name === 'ra' ? 'code_ptr' : name === 'sp' || name === 'gp' || name === 'tp' || name === 'fp' ? 'data_ptr' : 'int');

export function targetXml(): string {
  const regs = ABI_NAMES.map((name, i) => `    <reg name="${name}" bitsize="64" type="${typeOf(name)}" regnum="${i}"/>`);
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '  <architecture>riscv:rv64</architecture>',
    // Not GNU/Linux (gdb-multiarch's default for an ELF without an OS ABI): that ABI
    // single-steps in software, a breakpoint and a continue per instruction, where this
    // stub steps the hart itself and steps whole ranges (vCont;r).
    '  <osabi>none</osabi>',
    '  <feature name="org.gnu.gdb.riscv.cpu">',
    ...regs,
    '    <reg name="pc" bitsize="64" type="code_ptr" regnum="32"/>',
    '  </feature>',
    '</target>',
    '',
  ].join('\n');
}

export function threadsXml(threads: readonly DebugThread[]): string {
  const body = threads.map((t) => `  <thread id="${t.id.toString(16)}" name="${escapeXml(t.name)}">${escapeXml(t.state)}</thread>`);
  return ['<?xml version="1.0"?>', '<threads>', ...body, '</threads>', ''].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
