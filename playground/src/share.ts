// Share: the program compressed into the URL fragment, so a link reproduces it with no server.
// `#p1.` + base64url(first 8 bytes of SHA-256 of the JSON ‖ raw DEFLATE of the JSON). A link
// that is cut short, changed or too large decodes to an error in words, never to a program:
// the digest catches a change that still inflates, and inflating stops at MAX_PROGRAM_BYTES.
import { sha256 } from '@noble/hashes/sha2';
import { deflateSync, Inflate } from 'fflate';
import type { Program } from './messages.js';

const PREFIX = 'p1.';
const DIGEST_BYTES = 8;
/** The longest fragment read, in characters: browsers keep about 2 MB of URL, far more than a program needs. */
export const MAX_FRAGMENT_CHARS = 200_000;
/** The most a link may inflate to. */
export const MAX_PROGRAM_BYTES = 1 << 20;
const MAX_FILES = 64;

export type Decoded = { ok: true; program: Program } | { ok: false; message: string };

const toBase64Url = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeProgram(program: Program): string {
  const json = new TextEncoder().encode(JSON.stringify({ files: program.files, entry: program.entry }));
  const packed = deflateSync(json, { level: 9 });
  const out = new Uint8Array(DIGEST_BYTES + packed.length);
  out.set(sha256(json).subarray(0, DIGEST_BYTES));
  out.set(packed, DIGEST_BYTES);
  return PREFIX + toBase64Url(out);
}

/** Inflates at most `limit` bytes; undefined for a stream that is malformed, cut short or larger. */
function inflateBounded(packed: Uint8Array, limit: number): Uint8Array | 'too-large' | undefined {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  let tooLarge = false;
  const inflate = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < packed.length && !tooLarge; at += 4096) inflate.push(packed.subarray(at, at + 4096), at + 4096 >= packed.length);
  } catch {
    return undefined;
  }
  if (tooLarge) return 'too-large';
  if (!ended) return undefined;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const safePath = (path: string) => /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(path) && !path.split('/').some((s) => s === '.' || s === '..');

export function decodeFragment(fragment: string): Decoded {
  const broken = (why: string): Decoded => ({ ok: false, message: `This shared link cannot be opened: ${why}. Nothing was run; the editor is empty.` });
  if (fragment.length > MAX_FRAGMENT_CHARS) return broken(`it is ${fragment.length} characters long, more than the ${MAX_FRAGMENT_CHARS} a playground link may have`);
  if (!fragment.startsWith(PREFIX)) return broken('it is not a playground program link (it should start with #p1.)');
  const bytes = fromBase64Url(fragment.slice(PREFIX.length));
  if (!bytes || bytes.length <= DIGEST_BYTES) return broken('its program part is not valid base64url, or it was cut short');
  const json = inflateBounded(bytes.subarray(DIGEST_BYTES), MAX_PROGRAM_BYTES);
  if (json === 'too-large') return broken(`the program in it is larger than ${MAX_PROGRAM_BYTES / 1024} KiB`);
  if (!json) return broken('the compressed program is damaged or cut short');
  const digest = sha256(json).subarray(0, DIGEST_BYTES);
  if (!digest.every((b, i) => b === bytes[i])) return broken('the program does not match its checksum, so the link was changed');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return broken('the program in it is not valid text');
  }
  const candidate = value as { files?: unknown; entry?: unknown };
  const files = candidate?.files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return broken('it holds no files');
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_FILES) return broken(`it holds ${entries.length} files (1 to ${MAX_FILES} are allowed)`);
  if (!entries.every(([path, text]) => safePath(path) && path.endsWith('.pen') && typeof text === 'string')) return broken('a file in it has a bad name or is not text');
  if (typeof candidate.entry !== 'string' || !(candidate.entry in (files as object))) return broken('it does not say which file to build');
  return { ok: true, program: { files: files as Record<string, string>, entry: candidate.entry } };
}
