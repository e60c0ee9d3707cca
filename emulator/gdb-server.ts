// Serves a GdbStub on a TCP port of the loopback address only: the debugger can read and
// change every domain the stub reaches, so it must not be open to the network. One client
// at a time; when it goes away, the run goes on to its end without breakpoints.
import { createServer, type Server, type Socket } from 'node:net';
import type { DebugTarget } from './debug-target.js';
import { GdbStub } from './gdb-stub.js';

export const GDB_HOST = '127.0.0.1';

export interface GdbSession {
  /** The address it listens on: always the loopback address. */
  readonly host: string;
  /** The port it listens on (useful with port 0: any free port). */
  readonly port: number;
  /** Settles when the run has ended (exit status, or why not), whatever the client did. */
  readonly finished: Promise<{ exitCode: number | undefined; reason?: string }>;
}

/**
 * Listens on 127.0.0.1:`port`; the run starts paused and moves only when a client says
 * so. `onListening` is told the port once the socket is bound.
 */
export function serveGdb(target: DebugTarget, port: number, onListening: (port: number) => void = () => {}): Promise<GdbSession> {
  return new Promise((resolve, reject) => {
    let client: Socket | undefined;
    let stub: GdbStub | undefined;
    let endRun: (end: { exitCode: number | undefined; reason?: string }) => void;
    const finished = new Promise<{ exitCode: number | undefined; reason?: string }>((r) => (endRun = r));
    const server: Server = createServer((socket) => {
      if (client) {
        // Someone else is debugging this run already.
        socket.end();
        return;
      }
      client = socket;
      socket.setNoDelay(true);
      stub = new GdbStub(target, (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      });
      void stub.finished.then((end) => {
        socket.end();
        server.close();
        endRun(end);
      });
      socket.on('data', (chunk) => stub!.receive(chunk));
      socket.on('error', () => stub!.disconnected());
      socket.on('close', () => stub!.disconnected());
    });
    server.on('error', (e: NodeJS.ErrnoException) => {
      if (!client) reject(new Error(e.code === 'EADDRINUSE' ? `port ${port} is in use` : e.message));
    });
    server.listen(port, GDB_HOST, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      onListening(bound);
      resolve({ host: typeof address === 'object' && address ? address.address : GDB_HOST, port: bound, finished });
    });
  });
}
