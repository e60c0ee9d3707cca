// The language server in a Web Worker: the same handlers as `penglaic lsp`
// (vscode-extension/src/server.ts), on the browser transport of vscode-languageserver. The
// page opens every file of its program as a document, so imports resolve from open buffers.
import { BrowserMessageReader, BrowserMessageWriter, createConnection, type DataCallback, type MessageReader } from 'vscode-languageserver/browser';
import { ProtocolGate } from '../../vscode-extension/src/protocol-gate.js';
import { serveConnection } from '../../vscode-extension/src/server.js';

// The worker's global scope speaks the same postMessage/onmessage interface as a Worker object.
const worker = self as unknown as Worker;
const browserReader = new BrowserMessageReader(worker);
const writer = new BrowserMessageWriter(worker);
const gate = new ProtocolGate(writer);
// The gate sees each message as it arrives, ahead of the connection's dispatch queue.
const reader: MessageReader = {
  onError: browserReader.onError,
  onClose: browserReader.onClose,
  onPartialMessage: browserReader.onPartialMessage,
  listen: (callback: DataCallback) =>
    browserReader.listen((message) => {
      gate.arrived(message);
      callback(message);
    }),
  dispose: () => browserReader.dispose(),
};
serveConnection(createConnection(reader, writer, gate.connectionOptions()), gate);
