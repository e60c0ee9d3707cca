// Parse speed, measured against a peer in the same run (wall-clock numbers alone mean little on
// a shared machine). Run from the repository root with
//   npm run bench -- parser
// The peer is the TypeScript compiler's parser (createSourceFile) on the same program written
// in TypeScript: a production hand-written parser doing comparable work (tokens, tree, positions).
import { createRequire } from 'node:module';
import { parse } from '../../grammar/index.js';

// Resolved from the working directory (the repository root), wherever the bundle was written.
const ts = createRequire(process.cwd() + '/')('typescript') as typeof import('typescript');

const penglaiUnit = (i: number) => `/// Server number ${i}.
server S${i} "s${i}" {
  var calls: u64 = 0;
  fn fill(tag: u64, nums: inout u32[4096]) -> u64 {
    var sum: u64 = tag;   // running total
    for i in 0..4096 {
      sum += nums[i] * 2 + (i as u64 & 0xff) << 1;
      nums[i] = 2;
    }
    if sum > 10 && calls != 3 { print("big ", sum); } else { calls += 1; }
    return helper(sum);
  }
  private fn helper(x: u64) -> u64 { return x % 7; }
}
`;
const typescriptUnit = (i: number) => `/** Server number ${i}. */
class S${i} {
  calls: number = 0;
  fill(tag: number, nums: Uint32Array): number {
    let sum: number = tag;   // running total
    for (let i = 0; i < 4096; i++) {
      sum += nums[i] * 2 + (i as number & 0xff) << 1;
      nums[i] = 2;
    }
    if (sum > 10 && this.calls != 3) { print("big ", sum); } else { this.calls += 1; }
    return helper(sum);
  }
  private helper(x: number): number { return x % 7; }
}
`;

for (const units of [700, 7000]) {
  let penglai = '';
  let typescript = '';
  for (let i = 0; i < units; i++) {
    penglai += penglaiUnit(i);
    typescript += typescriptUnit(i);
  }
  const lines = penglai.split('\n').length;
  let ours = Infinity;
  let peer = Infinity;
  for (let round = 0; round < (units > 1000 ? 3 : 15); round++) {
    let start = performance.now();
    parse(penglai, 'generated.pen');
    ours = Math.min(ours, performance.now() - start);
    start = performance.now();
    ts.createSourceFile('generated.ts', typescript, ts.ScriptTarget.Latest, true);
    peer = Math.min(peer, performance.now() - start);
  }
  const rate = (ms: number) => Math.round((lines / ms) * 1000).toLocaleString('en');
  console.log(
    `${lines} lines: penglai ${ours.toFixed(0)} ms (${rate(ours)} lines/s), ` +
      `TypeScript parser ${peer.toFixed(0)} ms (${rate(peer)} lines/s), penglai/TypeScript time ${(ours / peer).toFixed(2)}`,
  );
}
