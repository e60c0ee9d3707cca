// A workspace on disk for the workspace tests: files written from marked sources (`<|>`), the
// marker offsets kept per file, and waiting for the server's index to finish.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver';
import { extractMarkers, showRange, startTestClient, type TestClient } from './lsp-harness.js';
import type { IndexStatus } from '../../vscode-extension/src/workspace-features.js';

export interface DiskWorkspace {
  root: string;
  uri(relative: string): string;
  file(relative: string): string;
  /** Marker positions of each written file. */
  markers: Map<string, Position[]>;
  write(relative: string, marked: string): void;
}

export function diskWorkspace(files: Record<string, string>, prefix = 'penglaic-ws-'): DiskWorkspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const markers = new Map<string, Position[]>();
  const workspace: DiskWorkspace = {
    root,
    uri: (relative) => pathToFileURL(join(root, relative)).href,
    file: (relative) => join(root, relative),
    markers,
    write(relative, marked) {
      const { text, positions } = extractMarkers(marked);
      mkdirSync(dirname(join(root, relative)), { recursive: true });
      writeFileSync(join(root, relative), text);
      markers.set(relative, positions);
    },
  };
  for (const [relative, marked] of Object.entries(files)) workspace.write(relative, marked);
  return workspace;
}

/** Resolves when the server's index has no scan or check left (polling `penglaic/indexStatus`). */
export async function indexed(client: TestClient, timeoutMs = 60_000): Promise<IndexStatus> {
  const started = Date.now();
  for (;;) {
    const status = await client.request<IndexStatus>('penglaic/indexStatus', {});
    if (!status.indexing) return status;
    if (Date.now() - started > timeoutMs) throw new Error(`the index is still busy after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `relative/path.pen 3:5-3:12`, relative to the workspace root, so expectations read plainly. */
export function showLocation(workspace: DiskWorkspace, location: Pick<Location, 'uri' | 'range'>): string {
  const prefix = pathToFileURL(workspace.root).href + '/';
  return `${location.uri.startsWith(prefix) ? location.uri.slice(prefix.length) : location.uri} ${showRange(location.range)}`;
}

/** A server started on `folders` of the workspace (multi-root), once its index is done. */
export async function startInWorkspace(ws: DiskWorkspace, folders: string[]): Promise<TestClient> {
  const client = await startTestClient({}, {
    capabilities: { workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    initialize: { workspaceFolders: folders.map((f) => ({ uri: ws.uri(f), name: f })) },
  });
  await indexed(client);
  return client;
}

// A program over two folders: `one/` has a server, a server that calls it and the enclave and
// host that use both; `two/` has another enclave that imports the server from `one/`.
export const ADDER = `server Adder "test-server" {
  /// Adds 2.
  fn <|>add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}
`;

export const RELAY = `import "adder.pen";

server Relay "test-server1" {
  fn fill(tag: u64) -> u64 {
    let next = acquire Adder;
    return next.add_two(tag);
  }
}
`;

export const MAIN = `import "relay.pen";

enclave Caller {
  fn main() -> i64 {
    let s = acquire Relay;
    let a = acquire Adder;
    return (s.fill(1) + a.add_two(2)) as i64;
  }
}

host {
  let a = create Adder;
  let r = create Relay;
  let c = create Caller;
  print(run c);
}
`;

export const OTHER = `import "../one/adder.pen";

enclave Other {
  fn main() -> i64 {
    let a = acquire Adder;
    return a.add_two(40) as i64;
  }
}
`;


/** For a whole test file: the two-folder program on disk and a server indexing it. */
export function sharedTwoFolderWorkspace(): { ws: DiskWorkspace; client: TestClient } {
  const shared = {} as { ws: DiskWorkspace; client: TestClient };
  beforeAll(async () => {
    shared.ws = diskWorkspace({ 'one/adder.pen': ADDER, 'one/relay.pen': RELAY, 'one/main.pen': MAIN, 'two/other.pen': OTHER });
    shared.client = await startInWorkspace(shared.ws, ['one', 'two']);
  });
  afterAll(() => {
    shared.client.close();
    rmSync(shared.ws.root, { recursive: true });
  });
  return shared;
}
