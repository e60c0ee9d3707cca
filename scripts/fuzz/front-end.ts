// The front end fuzz target: parse, check and, where the program is clean, build, all in
// process, on mutants of the sample and test programs (byte-level edits, token-level edits,
// splices of two programs) and on generated extremes (deep nesting, long chains, huge literals,
// long identifiers, many statements). A failure is an exception, an internal-error diagnostic
// (a compiler bug reported as a value), a diagnostic outside the text, or an input that takes
// longer than its CPU bound.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildChecked } from '../../compiler/build.js';
import { checkProgram } from '../../compiler/check/index.js';
import { parse } from '../../grammar/index.js';
import { pick, SAMPLE, seededRandom, WORDS } from '../../test/grammar/random-input.js';
import { EXTREMES } from './front-end-extremes.js';
import type { FuzzInput, FuzzSession, FuzzTarget } from './target.js';

/** Diagnostics that are compiler bugs reported as values, never an answer to bad input. */
const INTERNAL = new Set(['E0099', 'E0999', 'E0900', 'E0902']);
/** One input in this many is a generated extreme rather than a mutant. */
const EXTREME_EVERY = 100;
const FILE = 'fuzz.pen';

// Tokens as a programmer sees them: words, numbers, strings, comments, operators, spaces.
const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"?|[A-Za-z_][A-Za-z0-9_]*|0[xXbB][0-9a-fA-F_]*|\d[\d_]*|<<=|>>=|\.\.|->|[=!<>+\-*/%&|^]=|&&|\|\||<<|>>|[^\s]/g;
const tokensOf = (text: string) => text.match(TOKEN) ?? [];

/** The .pen files under the given folders of the repository, plus the grammar tests' sample. */
function corpus(root: string): string[] {
  const texts = [SAMPLE];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.pen')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const dir of ['samples', 'test/compiler/programs']) visit(join(root, dir));
  return texts;
}

const ODD_TEXT = ['\0', '\u00e9', '\u{1F600}', '\uFFFD', '\r', '\r\n', '\t', '\\', '"', '/*', '*/', '//', '///', '0x', '_', '\u2028'];

function byteMutation(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const length = 1 + Math.floor(random() * 16);
  switch (Math.floor(random() * 5)) {
    case 0: return text.slice(0, at) + text.slice(at + length); // delete
    case 1: return text.slice(0, at) + text.slice(at, at + length) + text.slice(at); // duplicate
    case 2: return text.slice(0, at) + pick(random, ODD_TEXT) + text.slice(at); // insert odd text
    case 3: return text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x80)) + text.slice(at + 1); // replace a character
    default: return text.slice(0, at); // truncate
  }
}

function tokenMutation(text: string, random: () => number): string {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return pick(random, WORDS);
  const at = Math.floor(random() * tokens.length);
  switch (Math.floor(random() * 5)) {
    case 0: tokens.splice(at, 1 + Math.floor(random() * 3)); break; // delete
    case 1: tokens.splice(at, 0, ...tokens.slice(at, at + 1 + Math.floor(random() * 8))); break; // duplicate
    case 2: tokens[at] = pick(random, WORDS); break; // replace
    case 3: tokens.splice(at, 0, ' ', pick(random, WORDS), ' '); break; // insert
    default: { // swap two
      const other = Math.floor(random() * tokens.length);
      [tokens[at], tokens[other]] = [tokens[other], tokens[at]];
    }
  }
  return tokens.join('');
}

/** The start of one program and the end of another, cut at token boundaries. */
function splice(a: string, b: string, random: () => number): string {
  const left = tokensOf(a);
  const right = tokensOf(b);
  return left.slice(0, Math.floor(random() * left.length)).join('') + right.slice(Math.floor(random() * right.length)).join('');
}

export function mutant(programs: readonly string[], random: () => number): FuzzInput {
  const style = pick(random, ['byte', 'token', 'splice', 'mixed'] as const);
  let text = pick(random, programs);
  if (style === 'splice') text = splice(text, pick(random, programs), random);
  const edits = style === 'splice' ? Math.floor(random() * 2) : 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const byte = style === 'byte' || (style === 'mixed' && random() < 0.5);
    text = byte ? byteMutation(text, random) : tokenMutation(text, random);
  }
  return { kind: `mutation.${style}`, text };
}

/** What is wrong with the front end's answer to `text`, if anything. */
export function frontEndProblem(text: string): string | undefined {
  const parsed = parse(text, FILE);
  const problem = diagnosticsProblem(text, parsed.diagnostics);
  if (problem) return `parse: ${problem}`;
  // Only the input itself: an import names no other file, so nothing is read from disk.
  const checked = checkProgram(FILE, { readFile: (file) => (file === FILE ? text : undefined) });
  const checkProblem = diagnosticsProblem(text, checked.diagnostics);
  if (checkProblem) return `check: ${checkProblem}`;
  if (checked.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const built = buildChecked(checked, [...checked.diagnostics], FILE);
  const buildProblem = diagnosticsProblem(text, built.diagnostics);
  if (buildProblem) return `build: ${buildProblem}`;
  if (!built.diagnostics.some((d) => d.severity === 'error') && built.images.length === 0) return 'build: a clean program gave no images';
  return undefined;
}

function diagnosticsProblem(text: string, diagnostics: readonly { code: string; message: string; span: { file: string; start: number; end: number } }[]): string | undefined {
  for (const d of diagnostics) {
    if (INTERNAL.has(d.code)) return `internal error ${d.code}: ${d.message.slice(0, 300)}`;
    if (!/^[EW]\d{4}$/.test(d.code) || d.message.length === 0) return `a diagnostic without a code or message: ${JSON.stringify(d.code)}`;
    if (d.span.file === FILE && !(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) {
      return `${d.code} has a span ${d.span.start}..${d.span.end} outside the text of ${text.length} characters`;
    }
  }
  return undefined;
}

export const frontEnd: FuzzTarget = {
  name: 'front-end',
  description: 'parse + check + build of mutated sample and test programs and generated extremes',
  start(root: string, seed: number): FuzzSession {
    const programs = corpus(root);
    return {
      input(index: number): FuzzInput {
        const random = seededRandom((Math.imul(seed, 0x9e3779b1) ^ index) >>> 0);
        if (index % EXTREME_EVERY === EXTREME_EVERY - 1) {
          const extreme = EXTREMES[Math.floor(index / EXTREME_EVERY) % EXTREMES.length];
          return { kind: `extreme.${extreme.name}`, text: extreme.make(random) };
        }
        return mutant(programs, random);
      },
      run: (input) => frontEndProblem(input.text),
      // Generous, and in CPU time so a loaded machine does not fail it: a hang or a quadratic
      // path on a large input exceeds it by far.
      cpuLimitMs: (input) => 5_000 + input.text.length / 5,
    };
  },
};
