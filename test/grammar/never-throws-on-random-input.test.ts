// Whatever the text, parse returns: a Program, diagnostics with valid spans, and a tree whose
// every span lies inside the text with line/column agreeing with its offsets. Deterministic seeds.
import { describe, expect, it } from 'vitest';
import { LineIndex, parse, type Diagnostic, type Program, type SourceSpan } from '../../grammar/index.js';
import { KEYWORDS, OPERATORS, pick, SAMPLE, seededRandom, WORDS } from './random-input.js';

/** Returns the first broken invariant, or undefined. */
function violation(text: string, program: Program, diagnostics: Diagnostic[]): string | undefined {
  const lines = new LineIndex(text);
  const badSpan = (span: SourceSpan, what: string): string | undefined => {
    if (!(span.start >= 0 && span.start <= span.end && span.end <= text.length)) return `${what}: span [${span.start},${span.end}) outside text`;
    const expected = lines.span(span.file, span.start, span.end);
    if (JSON.stringify(expected) !== JSON.stringify(span)) return `${what}: line/col disagree with offsets`;
    if (span.file !== 'fuzz.pen') return `${what}: wrong file`;
    return undefined;
  };
  for (const d of diagnostics) {
    if (d.code === 'E0099') return `internal error: ${d.message}`;
    if (!/^[EW]\d{4}$/.test(d.code)) return `bad code ${d.code}`;
    const problem = badSpan(d.span, `diagnostic ${d.code}`);
    if (problem) return problem;
  }
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    if (typeof node.kind !== 'string') return 'node without kind';
    const problem = badSpan(node.span as SourceSpan, `node ${node.kind}`);
    if (problem) return problem;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'span') continue;
      if (Array.isArray(value)) stack.push(...value);
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return undefined;
}

function check(text: string): void {
  const result = parse(text, 'fuzz.pen');
  expect(result.program.kind).toBe('Program');
  const problem = violation(text, result.program, result.diagnostics);
  if (problem !== undefined) expect.fail(`${problem}\n--- input ---\n${text}`);
}

describe('fuzzing the parser', () => {
  it('survives 3000 random token sequences', () => {
    const random = seededRandom(1996);
    const vocabulary = [...WORDS, ...KEYWORDS, ...OPERATORS, 'server S "s" {', 'fn f(', 'host {', ') -> u64 {'];
    for (let n = 0; n < 3000; n++) {
      const count = 1 + Math.floor(random() * 60);
      const words: string[] = [];
      for (let i = 0; i < count; i++) words.push(pick(random, vocabulary));
      check(words.join(random() < 0.8 ? ' ' : '\n'));
    }
  });

  it('survives 2000 mutations of a valid program', () => {
    const random = seededRandom(424242);
    const tokens = SAMPLE.split(/(\s+|\b)/).filter((t) => t !== '');
    for (let n = 0; n < 2000; n++) {
      const mutated = [...tokens];
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * mutated.length);
        switch (Math.floor(random() * 4)) {
          case 0: mutated.splice(at, 1 + Math.floor(random() * 5)); break;
          case 1: mutated.splice(at, 0, pick(random, WORDS)); break;
          case 2: mutated[at] = pick(random, WORDS); break;
          default: mutated.splice(at, 0, ...mutated.slice(Math.floor(random() * mutated.length)).slice(0, 8));
        }
      }
      check(mutated.join(''));
    }
  });

  it('survives every prefix of a valid program, as an editor sees it while typing', () => {
    for (let end = 0; end <= SAMPLE.length; end += 3) check(SAMPLE.slice(0, end));
  });

  it('survives random bytes and pathological shapes', () => {
    const random = seededRandom(99);
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = Math.floor(random() * 200);
      for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * 0x3000));
      check(text);
    }
    check('host { x = ' + '('.repeat(3000) + ' ; }');
    check('host { x = ' + '[1;'.repeat(3000) + ' }');
    check('}'.repeat(5000) + '{'.repeat(5000));
    check('enclave E { fn f() { ' + 'if a { } else '.repeat(2000) + '}');
    check('"' + '\\'.repeat(1001));
    check('/*'.repeat(100));
  });
});
