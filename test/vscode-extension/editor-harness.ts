// What the real-editor tests share: the server bundled into a temporary directory (the way an
// editor runs it: `node server.mjs --stdio`) and a copy of a sample with a known mistake in it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleServer(dir: string): Promise<string> {
  const outfile = join(dir, 'server.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, '../../vscode-extension/src/server-main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    // chevrotain and the LSP libraries mix CommonJS into an ESM bundle.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

/** The server-call sample with one argument too many in the typed call (E0312). */
export const BROKEN_CALL = 'let reply = adder.add_two(0x19960000, 1);';
export const FIXED_CALL = 'let reply = adder.add_two(0x19960000);';

export function brokenSample(prefix: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'main.pen');
  const text = readFileSync(join(import.meta.dirname, '../../samples/server-call/main.pen'), 'utf8');
  if (!text.includes(FIXED_CALL)) throw new Error('samples/server-call/main.pen no longer contains the call this test edits');
  writeFileSync(file, text.replace(FIXED_CALL, BROKEN_CALL));
  return { dir, file };
}

/** What every editor gets for the broken sample (0-based `line:character label`, `start-end kind`):
 *  the server's answers do not depend on the client. */
export const SAMPLE_INLAY_HINTS = [
  '12:13 : server<Adder>',
  '12:29 "test-server"',
  '13:13 : u64',
  '13:30 tag:',
  '20:11 : server<Adder>',
  '21:12 : enclave<Caller>',
];
export const SAMPLE_FOLDING_RANGES = ['0-1 comment', '2-7 code', '4-6 code', '10-16 code', '11-15 code', '19-23 code'];
/** Lines 14 to 16 of the fixed sample after its line 15 was messed up and range-formatted. */
export const SAMPLE_RANGE_FORMATTED = ['    let reply = adder.add_two(0x19960000);', '    print("caller: reply ", hex(reply));', '    return 0;'];

/** Fails loudly (instead of skipping) when an editor the test needs is not installed. */
export function requireTool(name: string, versionArgs: string[]): string {
  try {
    return execFileSync(name, versionArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0];
  } catch {
    throw new Error(`${name} is not installed: this end-to-end test needs it (apt-get install -y neovim emacs-nox elpa-eglot)`);
  }
}

/** A second file beside the sample, never opened by the editor: the server finds it by indexing
 *  the workspace folder, so it shows up in call hierarchies, references and workspace symbols. */
export const OTHER_CALLER = `import "main.pen";

enclave Other {
  fn main() -> i64 {
    let a = acquire Adder;
    return a.add_two(40) as i64;
  }
}
`;

export function addOtherCaller(dir: string): void {
  writeFileSync(join(dir, 'other.pen'), OTHER_CALLER);
}
