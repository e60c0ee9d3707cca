import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const extensionDir = join(import.meta.dirname, '../../vscode-extension');
const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
const grammar = JSON.parse(readFileSync(join(extensionDir, 'syntaxes/penglai.tmLanguage.json'), 'utf8'));

/** Every `match`/`begin`/`end` regex in the grammar, with its JSON path. */
function patterns(node: unknown, path = ''): [string, string][] {
  if (Array.isArray(node)) return node.flatMap((item, i) => patterns(item, `${path}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    ['match', 'begin', 'end'].includes(key) && typeof value === 'string' ? [[`${path}.${key}`, value] as [string, string]] : patterns(value, `${path}.${key}`),
  );
}

/** The scope of the first rule in `patterns` (top level, included repository rules) matching at the start. */
function firstScope(text: string): string | undefined {
  for (const { include } of grammar.patterns) {
    const rule = grammar.repository[include.slice(1)];
    for (const candidate of rule.patterns ?? [rule]) {
      const re = new RegExp(candidate.match ?? candidate.begin, 'y');
      if (re.test(text)) return candidate.name ?? Object.values(candidate.captures as Record<string, { name: string }>)[0].name;
    }
  }
  return undefined;
}

/** File names in a zip archive, read from its central directory (APPNOTE.TXT §4.3.12, §4.3.16). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe('the extension manifest', () => {
  it('activates on the penglai language only and points at the bundled client', () => {
    expect(manifest.activationEvents).toEqual(['onLanguage:penglai']);
    expect(manifest.main).toBe('./dist/client.js');
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'penglai', extensions: ['.pen'], configuration: './language-configuration.json' });
    expect(manifest.contributes.grammars[0]).toEqual({ language: 'penglai', scopeName: 'source.penglai', path: './syntaxes/penglai.tmLanguage.json' });
    expect(manifest.icon).toBe('images/icon.png');
  });
});

describe('the TextMate grammar', () => {
  it('has only patterns a JavaScript regex engine also accepts', () => {
    for (const [where, source] of patterns(grammar)) expect(() => new RegExp(source), where).not.toThrow();
  });

  it('scopes the main token kinds', () => {
    expect(firstScope('/// doc')).toBe('comment.line.documentation.penglai');
    expect(firstScope('server Adder "x"')).toBe('storage.type.section.penglai');
    expect(firstScope('fn fill(')).toBe('storage.type.function.penglai');
    expect(firstScope('acquire Adder')).toBe('keyword.other.enclave.penglai');
    expect(firstScope('inout u32')).toBe('storage.modifier.direction.penglai');
    expect(firstScope('u64')).toBe('support.type.primitive.penglai');
    expect(firstScope('0x1996_0000')).toBe('constant.numeric.hex.penglai');
    expect(firstScope('print(')).toBe('support.function.builtin.penglai');
  });
});

describe('the .vsix', () => {
  it('is built offline by the package script with the bundles, grammar, configuration and icon', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'penglaic-vsix-')), 'penglai.vsix');
    execFileSync('node', [join(extensionDir, 'scripts/package.mjs'), '--out', out], { stdio: 'pipe', timeout: 120_000 });
    expect(zipEntries(readFileSync(out)).sort()).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/client.js',
      'extension/dist/penglaic.mjs',
      'extension/dist/server.js',
      'extension/images/icon.png',
      'extension/language-configuration.json',
      'extension/package.json',
      'extension/readme.md',
      'extension/syntaxes/penglai.tmLanguage.json',
    ]);
  });

  it('contains a server bundle that answers initialize over stdio', () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    const exit = JSON.stringify({ jsonrpc: '2.0', method: 'exit' });
    const input = `Content-Length: ${body.length}\r\n\r\n${body}Content-Length: ${exit.length}\r\n\r\n${exit}`;
    let output = '';
    try {
      output = execFileSync('node', [join(extensionDir, 'dist/server.js'), '--stdio'], { input, encoding: 'utf8', timeout: 30_000 });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? ''; // exit without shutdown ends with status 1, by the protocol
    }
    expect(output).toContain('"serverInfo":{"name":"penglaic","version":"0.1.0"}');
  });
});
