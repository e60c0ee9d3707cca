// Loaded before the page's large bundle (index.html): starts the language server's worker at
// once, so the server loads and builds its parser while the editor's code is still loading.
(window as unknown as { penglaiLanguageServer: Worker }).penglaiLanguageServer = new Worker('lsp-worker.js');
