// node:net and node:os in the page: the GDB stub's TCP server (emulator/gdb-server.ts) and
// temporary folders are reachable through emulator/index.ts but never used by the page, which
// opens no socket (its CSP forbids any connection). A call says so instead of failing later.
function unavailable(what: string): never {
  throw new Error(`${what} is not available in the playground`);
}
export const createServer = () => unavailable('a TCP server (penglaic run --gdb)');
export const tmpdir = () => '/tmp';
export const homedir = () => '/';
export const platform = () => 'browser';
