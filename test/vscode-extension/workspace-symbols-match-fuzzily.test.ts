// Workspace symbols (workspace/symbol) across every indexed file of every folder, open or not,
// matched like rust-analyzer: the query's letters in order, ignoring case; `Container.name`
// narrows by the enclosing section; at most 128 answers.
import { describe, expect, it } from 'vitest';
import type { SymbolInformation } from 'vscode-languageserver';
import { showRange } from './lsp-harness.js';
import { OTHER, sharedTwoFolderWorkspace, showLocation } from './workspace-helpers.js';
import { fuzzyScore } from '../../vscode-extension/src/workspace-symbols.js';

const shared = sharedTwoFolderWorkspace();

const query = async (q: string) =>
  (await shared.client.request<SymbolInformation[]>('workspace/symbol', { query: q })).map((s) => `${s.containerName ? s.containerName + '.' : ''}${s.name} ${s.kind} ${showLocation(shared.ws, s.location)}`);

describe('workspace symbols', () => {
  it('finds a server function in a file that is not open from letters in order', async () => {
    expect(await query('adtw')).toEqual(['Adder.add_two 6 one/adder.pen 3:6-3:13']);
  });

  it('ranks the exact name first, then prefixes, then subsequences', async () => {
    expect(await query('main')).toEqual(['Caller.main 12 one/main.pen 4:6-4:10', 'Other.main 12 two/other.pen 4:6-4:10']);
    expect(await query('ad')).toEqual(['Adder 5 one/adder.pen 1:8-1:13', 'Adder.add_two 6 one/adder.pen 3:6-3:13']);
    expect(await query('er')).toEqual(['Adder 5 one/adder.pen 1:8-1:13', 'Other 5 two/other.pen 3:9-3:14', 'Caller 5 one/main.pen 3:9-3:15']);
    expect(await query('rly')).toEqual(['Relay 5 one/relay.pen 3:8-3:13']);
  });

  it('narrows by the section with `Section.name`', async () => {
    expect(await query('Relay.')).toEqual(['Relay.fill 6 one/relay.pen 4:6-4:10']);
    expect(await query('oth.mn')).toEqual(['Other.main 12 two/other.pen 4:6-4:10']);
  });

  it('sees unsaved text of an open file', async () => {
    await shared.client.open(shared.ws.uri('two/other.pen'), OTHER.replace('enclave Other', 'enclave Renamed'));
    expect(await query('renamed')).toEqual(['Renamed 5 two/other.pen 3:9-3:16']);
    expect(await query('zzz')).toEqual([]);
  });

  it('scores like a fuzzy finder', () => {
    expect(fuzzyScore('add_two', 'add_two')).toBe(1000);
    expect(fuzzyScore('ADD', 'add_two')).toBe(896);
    expect(fuzzyScore('two', 'add_two')).toBe(792);
    expect(fuzzyScore('at', 'add_two')).toBeGreaterThan(fuzzyScore('ao', 'add_two')!);
    expect(fuzzyScore('ta', 'add_two')).toBeUndefined();
    expect(showRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } })).toBe('1:1-1:2');
  });
});
