// Seeded LSP sessions that mix valid traffic (hover requests, edits) with protocol faults
// (bad headers, non-JSON, non-JSON-RPC, junk bytes), and the check of what the server sent
// back: every valid request answered exactly once, with the hover of the reference session
// (or ContentModified when edits were queued behind it; never for the last request).
// Shared by the protocol test (in process) and the long-run fuzz target (a spawned server).

import { frame } from './lsp-harness.js';

export const SCRIPT_URI = 'file:///protocol/main.pen';
export const SCRIPT_TEXT = `server Adder "test-server" {
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}

host {
  let a = create Adder;
  destroy a;
}
`;
export const SCRIPT_HOVER = { textDocument: { uri: SCRIPT_URI }, position: { line: 1, character: 6 } };
/** What the hover of SCRIPT_HOVER is in a clean session. */
export const EXPECTED_HOVER = {
  contents: { kind: 'markdown', value: '```penglai\nfn Adder.add_two(tag: u64) -> u64\n```' },
  range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } },
};
export const LAST_ID = 999;

export const request = (id: number | string, method: string, params: unknown): string => frame({ jsonrpc: '2.0', id, method, params });
export const notify = (method: string, params: unknown): string => frame({ jsonrpc: '2.0', method, params });
export const initializeFrames = (id: number): string =>
  frame({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }) + notify('initialized', {});
export const didOpenFrame = (text = SCRIPT_TEXT, uri = SCRIPT_URI): string =>
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'penglai', version: 1, text } });

/** xorshift32 in [0, 1). */
export function random32(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const JUNK: ((r: () => number) => string)[] = [
  () => 'Content-Type: text/plain\r\n\r\n{"jsonrpc":"2.0","id":-1,"method":"shutdown"}',
  (r) => `Content-Length: ${Math.floor(r() * 5)}x\r\n\r\n`,
  (r) => `${'garbage'.slice(0, 1 + Math.floor(r() * 7))}\r\n\r\n`,
  (r) => Array.from({ length: 1 + Math.floor(r() * 40) }, () => String.fromCharCode(32 + Math.floor(r() * 90))).join('').replace(/content-length/gi, 'x'),
  () => 'Content-Length: 5\r\n\r\n{"a":',
  () => frame({ jsonrpc: '1.0', id: -2, method: 'textDocument/hover' }),
  () => frame('just a string'),
];

export interface ProtocolScript {
  /** What to write after initialize and didOpen, in writes as a client would split them. */
  writes: string[];
  /** Ids of the valid requests, in order; the last is LAST_ID. */
  ids: number[];
  faults: number;
}

export function protocolScript(seed: number, steps = 30): ProtocolScript {
  const r = random32(seed);
  const writes: string[] = [];
  const ids: number[] = [];
  let faults = 0;
  let script = '';
  for (let step = 0; step < steps; step += 1) {
    const pick = r();
    if (pick < 0.35) {
      ids.push(100 + step);
      script += request(100 + step, 'textDocument/hover', SCRIPT_HOVER);
    } else if (pick < 0.55) {
      const change = { range: { start: { line: 9, character: 1 }, end: { line: 9, character: 1 } }, text: '' };
      script += notify('textDocument/didChange', { textDocument: { uri: SCRIPT_URI, version: 2 + step }, contentChanges: [change] });
    } else {
      script += JUNK[Math.floor(r() * JUNK.length)](r);
      faults += 1;
    }
    if (r() < 0.3) {
      writes.push(script);
      script = '';
    }
  }
  // Whatever came before, a well-framed request after a complete frame is read.
  ids.push(LAST_ID);
  writes.push(`${script}\r\n\r\n${request(LAST_ID, 'textDocument/hover', SCRIPT_HOVER)}`);
  return { writes, ids, faults };
}

type Received = Record<string, unknown>;
const answersTo = (received: Received[], id: number) => received.filter((m) => m.id === id && ('result' in m || 'error' in m));

/** What is wrong with the server's messages for `script`, or undefined; counts ContentModified answers. */
export function checkTranscript(script: ProtocolScript, received: Received[]): { failure?: string; contentModified: number } {
  let contentModified = 0;
  for (const id of script.ids) {
    const answers = answersTo(received, id);
    if (answers.length !== 1) return { failure: `request ${id} got ${answers.length} answers`, contentModified };
    const [answer] = answers;
    const error = answer.error as { code?: number } | undefined;
    if (error !== undefined && id !== LAST_ID && error.code === -32801) {
      contentModified += 1;
      continue;
    }
    if (JSON.stringify(answer.result) !== JSON.stringify(EXPECTED_HOVER)) return { failure: `request ${id} was answered ${JSON.stringify(answer).slice(0, 300)}`, contentModified };
  }
  const errorReplies = received.filter((m) => m.error !== undefined && (m.id === null || m.id === -2)).length;
  if (script.faults > 0 && errorReplies === 0) return { failure: `${script.faults} faults sent, none answered with an error`, contentModified };
  return { contentModified };
}
