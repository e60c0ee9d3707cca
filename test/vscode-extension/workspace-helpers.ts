// A workspace on disk for the workspace tests: files written from marked sources (`<|>`), the
// marker offsets kept per file, and waiting for the server's index to finish.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver';
import { extractMarkers, showRange, type TestClient } from './lsp-harness.js';
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
