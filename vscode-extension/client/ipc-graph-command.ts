// The "Penglai: Show IPC graph" command: asks the language server for the active program's
// static call graph (`penglaic/ipcGraph`) and shows it in a webview beside the editor, one
// panel reused across invocations. Written against vscode-api.ts so it runs against a fake.
import type { IpcGraph } from '../src/ipc-graph.js';
import { ipcGraphWebviewHtml } from './ipc-graph-webview.js';
import type { Disposable, UriLike, VscodeApi, WebviewPanelLike } from './vscode-api.js';

export const SHOW_IPC_GRAPH_COMMAND = 'penglai.showIpcGraph';

/** Sends `penglaic/ipcGraph` for a document (the language client's sendRequest). */
export type IpcGraphRequester = (uri: string) => Promise<IpcGraph | null>;

export function registerIpcGraphCommand(vscode: VscodeApi, request: IpcGraphRequester, subscriptions: Disposable[]): void {
  let panel: WebviewPanelLike | undefined;
  subscriptions.push(
    vscode.commands.registerCommand(SHOW_IPC_GRAPH_COMMAND, async (uri?: UriLike) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'penglai') {
        vscode.window.showErrorMessage('Penglai: open a .pen file to show its IPC graph.');
        return;
      }
      let graph: IpcGraph | null;
      try {
        graph = await request(document.uri.toString());
      } catch (error) {
        vscode.window.showErrorMessage(`Penglai: the language server could not draw the IPC graph: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (!graph) {
        vscode.window.showErrorMessage('Penglai: the language server has no program for this file yet.');
        return;
      }
      if (!panel) {
        panel = vscode.window.createWebviewPanel('penglai.ipcGraph', 'IPC graph', vscode.ViewColumn.Beside, { enableScripts: false, localResourceRoots: [] });
        panel.onDidDispose(() => (panel = undefined));
      } else {
        panel.reveal(vscode.ViewColumn.Beside);
      }
      panel.webview.html = ipcGraphWebviewHtml(graph);
    }),
  );
}
