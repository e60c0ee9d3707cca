// The VS Code side: start the bundled penglaic language server over stdio when a `.pen` file
// opens (activation event `onLanguage:penglai`) and stop it when the extension deactivates.
// Bundled by scripts/package.mjs with `vscode` left external; VS Code provides that module.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RunAndTrace, type CliRunner } from './run-and-trace.js';
import { registerIpcGraphCommand } from './ipc-graph-command.js';
import type { VscodeApi } from './vscode-api.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration('penglai').get<string>('server.path');
  const serverModule = configured ? configured : context.asAbsolutePath(path.join('dist', 'server.js'));
  const run = { module: serverModule, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6009'] } } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'penglai' },
      { scheme: 'untitled', language: 'penglai' },
    ],
    // VS Code shows pulled diagnostics in a collection of their own, beside the pushed ones:
    // pulling as well would list every problem twice. Push is the one with quick diagnostics.
    initializationOptions: { pullDiagnostics: false },
  };
  // The bundled CLI, run by the editor's own node (Electron as node).
  const cli: CliRunner = (args, cwd) =>
    new Promise((resolve) =>
      execFile(process.execPath, [context.asAbsolutePath(path.join('dist', 'penglaic.mjs')), ...args], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      ),
    );
  new RunAndTrace(vscode as unknown as VscodeApi, cli, context.subscriptions);
  client = new LanguageClient('penglai', 'Penglai language server', serverOptions, clientOptions);
  registerIpcGraphCommand(vscode as unknown as VscodeApi, (uri) => client!.sendRequest('penglaic/ipcGraph', { textDocument: { uri } }), context.subscriptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
