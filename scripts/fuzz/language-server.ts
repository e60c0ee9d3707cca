// The language server fuzz target: seeded sessions that mix valid traffic with protocol
// faults (test/vscode-extension/protocol-scripts.ts, shared with the protocol test), sent
// to `penglaic lsp --stdio` as a separate process, as an editor would. A failure is a valid
// request without exactly one right answer, faults that got no error, a server that does not
// exit cleanly after shutdown and exit, or one past its time bound.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkTranscript, didOpenFrame, initializeFrames, notify, protocolScript, request, type ProtocolScript,
} from '../../test/vscode-extension/protocol-scripts.js';
import type { FuzzTarget } from './target.js';

/** The messages in a server's output (base protocol frames). */
function frames(output: Buffer): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  let at = 0;
  for (;;) {
    const end = output.indexOf('\r\n\r\n', at);
    if (end < 0) return messages;
    const length = Number(/content-length:\s*(\d+)/i.exec(output.subarray(at, end).toString('ascii'))?.[1] ?? NaN);
    if (!Number.isFinite(length)) throw new Error(`the server wrote a header without Content-Length at byte ${at}`);
    messages.push(JSON.parse(output.subarray(end + 4, end + 4 + length).toString('utf8')));
    at = end + 4 + length;
  }
}

export const languageServer: FuzzTarget = {
  name: 'language-server',
  description: 'LSP sessions with framing, JSON and JSON-RPC faults mixed into valid traffic, against `penglaic lsp --stdio`',
  start(root, seed) {
    const cli = join(root, 'dist', 'penglaic.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (this target runs \`penglaic lsp --stdio\`)`);
    return {
      input(index) {
        const script = protocolScript(seed * 100_003 + index, 20 + (index % 40));
        return { kind: `faults-${Math.min(script.faults, 10)}${script.faults >= 10 ? '+' : ''}`, text: JSON.stringify(script) };
      },
      run(input) {
        const script = JSON.parse(input.text) as ProtocolScript;
        const stdin = initializeFrames(1) + didOpenFrame() + script.writes.join('') + request('bye', 'shutdown', null) + notify('exit', null);
        const r = spawnSync(process.execPath, [cli, 'lsp', '--stdio'], { input: stdin, timeout: 30_000, maxBuffer: 64 << 20 });
        if (r.error) return `the server did not finish: ${r.error.message}`;
        if (r.status !== 0) return `the server exited with status ${r.status} (signal ${r.signal}): ${r.stderr.toString().slice(0, 500)}`;
        return checkTranscript(script, frames(r.stdout)).failure;
      },
      cpuLimitMs: () => 30_000,
    };
  },
};
