// `node server.js --stdio`: the language server on standard input and output, for any LSP
// editor (the VS Code client, neovim, Emacs eglot) and for `penglaic lsp --stdio`.
import { startLanguageServer } from './server.js';

startLanguageServer(process.stdin, process.stdout, {
  // Writes to a pipe are asynchronous: exit only after the last answer has left.
  onExit: (code) => process.stdout.write('', () => process.exit(code)),
});
