// Reading a server's canonical interface text (compiler/check/interface-digest.ts writes
// it into the manifest): which function an index names and how many of its parameters are
// scalars, so a trace can label a call `fill(0x19960000, inout u32[4096])`.
export interface InterfaceFunction {
  index: number;
  name: string;
  /** Each parameter as the interface spells it: "u64", "inout u32[4096]". */
  params: string[];
  /** How many scalar (by-value) parameters there are: the transfer header's first slots. */
  scalarCount: number;
  result?: string;
}

/** Splits at commas outside braces (a struct's canonical text has commas of its own). */
function splitParams(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.trim().length > 0) parts.push(text.slice(start).trim());
  return parts;
}

const LINE = /^fn (\d+) ([A-Za-z_][A-Za-z0-9_]*)\((.*)\)(?: -> (.+))?$/;
const BY_REFERENCE = /^(in|out|inout) /;

export function parseInterface(lines: readonly string[]): Map<number, InterfaceFunction> {
  const functions = new Map<number, InterfaceFunction>();
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) continue;
    const params = splitParams(match[3]);
    const scalarCount = params.filter((p) => !BY_REFERENCE.test(p)).length;
    functions.set(Number(match[1]), { index: Number(match[1]), name: match[2], params, scalarCount, ...(match[4] ? { result: match[4] } : {}) });
  }
  return functions;
}
