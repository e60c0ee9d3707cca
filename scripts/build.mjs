// Bundles the `penglaic` CLI into dist/penglaic.js so `npx penglaic` works right after
// `npm install` (the `prepare` script) without a TypeScript loader at run time, and the
// language server into dist/penglaic-lsp.js, which `penglaic lsp` starts as a process
// of its own (the compiler never imports the editor layer).
import { build } from 'esbuild';

await build({
  entryPoints: ['vscode-extension/src/server-main.ts'],
  outfile: 'dist/penglaic-lsp.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
});

await build({
  entryPoints: ['compiler/cli/main.ts'],
  outfile: 'dist/penglaic.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  define: { PENGLAIC_CLI: 'true' },
});
