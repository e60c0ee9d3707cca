// The playground's shared links (playground/src/share.ts): links to every sample, cut short,
// with characters changed, inserted or deleted, with parts of two links spliced, and
// compressed bombs. Decoding must never throw, and must give either the very program the
// link was made from or a message; a different program would mean a changed link ran.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2';
import { decodeFragment, encodeProgram } from '../../playground/src/share.js';
import type { Program } from '../../playground/src/messages.js';
import { pick, seededRandom } from '../../test/grammar/random-input.js';
import type { FuzzInput, FuzzSession, FuzzTarget } from './target.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#%=+/ ';
const MESSAGE = /^This shared link cannot be opened: .+\. Nothing was run; the editor is empty\.$/;

/** One program per sample directory (its .pen files). */
export function samplePrograms(root: string): Program[] {
  const dir = join(root, 'samples');
  const programs: Program[] = [];
  const visit = (path: string) => {
    const names = readdirSync(path).sort();
    const pens = names.filter((n) => n.endsWith('.pen'));
    if (pens.includes('main.pen')) programs.push({ entry: 'main.pen', files: Object.fromEntries(pens.map((n) => [n, readFileSync(join(path, n), 'utf8')])) });
    for (const name of names) if (statSync(join(path, name)).isDirectory() && name !== 'build') visit(join(path, name));
  };
  visit(dir);
  return programs;
}

/** Links whose digest is right but which inflate past the limit: just past it, and far past it. */
let bombs: string[] | undefined;
const BOMB_SIZES = [(1 << 20) + 1, 8 << 20];

function bomb(bytes: number): string {
  const json = new Uint8Array(bytes).fill(0x20);
  const packed = deflateSync(json, { level: 9 });
  const out = new Uint8Array(8 + packed.length);
  out.set(sha256(json).subarray(0, 8));
  out.set(packed, 8);
  return 'p1.' + Buffer.from(out).toString('base64url');
}

export function shareLinkInput(links: readonly { program: Program; link: string }[], random: () => number): FuzzInput {
  const { link } = pick(random, links);
  const at = Math.floor(random() * link.length);
  const char = () => pick(random, [...ALPHABET]);
  const kind = pick(random, ['truncate', 'change', 'insert', 'delete', 'splice', 'bomb', 'same'] as const);
  switch (kind) {
    case 'truncate':
      return { kind, text: link.slice(0, at) };
    case 'change':
      return { kind, text: link.slice(0, at) + char() + link.slice(at + 1) };
    case 'insert':
      return { kind, text: link.slice(0, at) + char() + link.slice(at) };
    case 'delete':
      return { kind, text: link.slice(0, at) + link.slice(at + 1 + Math.floor(random() * 8)) };
    case 'splice': {
      const other = pick(random, links).link;
      return { kind, text: link.slice(0, at) + other.slice(Math.floor(random() * other.length)) };
    }
    case 'bomb':
      bombs ??= BOMB_SIZES.map(bomb);
      return { kind, text: pick(random, bombs) };
    default:
      return { kind, text: link };
  }
}

/** What is wrong with decoding `text`, a damaged link to one of `programs`; undefined when all is well. */
export function shareLinkProblem(text: string, programs: readonly Program[]): string | undefined {
  const decoded = decodeFragment(text);
  if (!decoded.ok) return MESSAGE.test(decoded.message) ? undefined : `an unclear message: ${decoded.message}`;
  const same = (program: Program) => decoded.program.entry === program.entry && JSON.stringify(decoded.program.files) === JSON.stringify(program.files);
  return programs.some(same) ? undefined : 'a changed link decoded to a program no link was made from';
}

export const shareLinks: FuzzTarget = {
  name: 'share-links',
  description: "the playground's shared links: truncated, changed, spliced and bomb links decode to the program or a message",
  start(root: string, seed: number): FuzzSession {
    const programs = samplePrograms(root);
    const links = programs.map((program) => ({ program, link: encodeProgram(program) }));
    return {
      input: (index: number) => shareLinkInput(links, seededRandom((Math.imul(seed, 0x9e3779b1) ^ index) >>> 0)),
      run: (input) => shareLinkProblem(input.text, programs),
      cpuLimitMs: () => 2_000,
    };
  },
};
