// The call hierarchy crosses enclave boundaries: the incoming calls of a server function are
// the enclave and server functions that call it through a handle, in every file of the
// workspace, and the outgoing calls of an enclave function are the server functions it
// reaches, with the server's registered name in `detail`; the host's `run c` is a call of
// `Caller.main`. The type hierarchy shows which sections use each server's interface.
import { describe, expect, it } from 'vitest';
import type { CallHierarchyIncomingCall, CallHierarchyItem, CallHierarchyOutgoingCall, TypeHierarchyItem } from 'vscode-languageserver';
import { showRange } from './lsp-harness.js';
import { sharedTwoFolderWorkspace, showLocation } from './workspace-helpers.js';

const shared = sharedTwoFolderWorkspace();

const item = (i: CallHierarchyItem | TypeHierarchyItem) => `${i.name} (${i.detail}) ${showLocation(shared.ws, { uri: i.uri, range: i.selectionRange })}`;

async function prepare(method: string, file: string, line: number, character: number) {
  const items = await shared.client.request<CallHierarchyItem[] | null>(method, { textDocument: { uri: shared.ws.uri(file) }, position: { line, character } });
  expect(items).toHaveLength(1);
  // Items travel back to the server as the client parsed them: no control characters in them
  // (Emacs's JSON parser refuses a NUL and drops the whole answer).
  expect(JSON.stringify(items)).not.toMatch(/\\u00[01][0-9a-f]/);
  return items![0];
}

describe('call hierarchy', () => {
  it('lists the enclave and server functions that call a server function through a handle, in files that are not open', async () => {
    const addTwo = await prepare('textDocument/prepareCallHierarchy', 'one/adder.pen', shared.ws.markers.get('one/adder.pen')![0].line, shared.ws.markers.get('one/adder.pen')![0].character);
    expect(item(addTwo)).toBe('add_two (server Adder "test-server") one/adder.pen 3:6-3:13');
    const incoming = await shared.client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', { item: addTwo });
    expect(incoming.map((call) => `${item(call.from)} at ${call.fromRanges.map(showRange).join(', ')}`)).toEqual([
      'main (enclave Caller) one/main.pen 4:6-4:10 at 7:27-7:34',
      'fill (server Relay "test-server1") one/relay.pen 4:6-4:10 at 6:17-6:24',
      'main (enclave Other) two/other.pen 4:6-4:10 at 6:14-6:21',
    ]);
  });

  it("lists an enclave function's outgoing calls with the registered server names", async () => {
    const main = await prepare('textDocument/prepareCallHierarchy', 'one/main.pen', 3, 6);
    expect(item(main)).toBe('main (enclave Caller) one/main.pen 4:6-4:10');
    const outgoing = await shared.client.request<CallHierarchyOutgoingCall[]>('callHierarchy/outgoingCalls', { item: main });
    expect(outgoing.map((call) => `${item(call.to)} at ${call.fromRanges.map(showRange).join(', ')}`)).toEqual([
      'fill (server Relay "test-server1") one/relay.pen 4:6-4:10 at 7:15-7:19',
      'add_two (server Adder "test-server") one/adder.pen 3:6-3:13 at 7:27-7:34',
    ]);
  });

  it("counts the host's `run c` as a call of the enclave's main", async () => {
    const main = await prepare('textDocument/prepareCallHierarchy', 'one/main.pen', 3, 6);
    const incoming = await shared.client.request<CallHierarchyIncomingCall[]>('callHierarchy/incomingCalls', { item: main });
    expect(incoming.map((call) => `${item(call.from)} at ${call.fromRanges.map(showRange).join(', ')}`)).toEqual(['host (host body) one/main.pen 11:1-11:5 at 15:9-15:14']);
    const host = await prepare('textDocument/prepareCallHierarchy', 'one/main.pen', 10, 1);
    const outgoing = await shared.client.request<CallHierarchyOutgoingCall[]>('callHierarchy/outgoingCalls', { item: host });
    expect(outgoing.map((call) => item(call.to))).toEqual(['main (enclave Caller) one/main.pen 4:6-4:10']);
  });

  it('answers null where there is no function, and nothing for an item it does not know', async () => {
    expect(await shared.client.request('textDocument/prepareCallHierarchy', { textDocument: { uri: shared.ws.uri('one/main.pen') }, position: { line: 0, character: 2 } })).toBeNull();
    expect(await shared.client.request('textDocument/prepareCallHierarchy', { textDocument: { uri: shared.ws.uri('one/main.pen') }, position: { line: 900, character: 90 } })).toBeNull();
    const ghost = { name: 'x', kind: 12, uri: shared.ws.uri('one/none.pen'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, selectionRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, data: { key: 'none', file: shared.ws.file('one/none.pen'), name: 'x' } };
    expect(await shared.client.request('callHierarchy/incomingCalls', { item: ghost })).toEqual([]);
    expect(await shared.client.request('callHierarchy/outgoingCalls', { item: { ...ghost, data: undefined } })).toEqual([]);
  });
});

describe('type hierarchy', () => {
  it("lists the sections that use a server's interface as its subtypes", async () => {
    const adder = await prepare('textDocument/prepareTypeHierarchy', 'one/adder.pen', 0, 8);
    expect(item(adder)).toBe('Adder (server "test-server") one/adder.pen 1:8-1:13');
    const users = await shared.client.request<TypeHierarchyItem[]>('typeHierarchy/subtypes', { item: adder });
    expect(users.map(item)).toEqual(['Caller (enclave) one/main.pen 3:9-3:15', 'Relay (server "test-server1") one/relay.pen 3:8-3:13', 'Other (enclave) two/other.pen 3:9-3:14']);
  });

  it('lists the servers whose interfaces a section uses as its supertypes, from a handle too', async () => {
    const relayHandle = await prepare('textDocument/prepareTypeHierarchy', 'one/main.pen', 6, 13);
    expect(item(relayHandle)).toBe('Relay (server "test-server1") one/relay.pen 3:8-3:13');
    const caller = await prepare('textDocument/prepareTypeHierarchy', 'one/main.pen', 2, 10);
    const used = await shared.client.request<TypeHierarchyItem[]>('typeHierarchy/supertypes', { item: caller });
    expect(used.map(item)).toEqual(['Relay (server "test-server1") one/relay.pen 3:8-3:13', 'Adder (server "test-server") one/adder.pen 1:8-1:13']);
    const host = await prepare('textDocument/prepareTypeHierarchy', 'one/main.pen', 10, 1);
    expect(await shared.client.request('typeHierarchy/supertypes', { item: host })).toEqual([]);
  });
});
