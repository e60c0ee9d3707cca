// Bundles the `penglaic` CLI into dist/penglaic.js so `npx penglaic` works right after
// `npm install` (the `prepare` script) without a TypeScript loader at run time, and the
// language server into dist/penglaic-lsp.js, which `penglaic lsp` starts as a process
// of its own (the compiler never imports the editor layer).
import { rmSync } from 'node:fs';
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

// The CLI is split into chunks that load per command (`penglaic run` never loads the parser
// or the code generator), with its npm dependencies bundled in, so a start pays for no
// module resolution in node_modules. commander is CommonJS: the banner gives it `require`.
rmSync('dist/cli-chunks', { recursive: true, force: true });
await build({
  entryPoints: { penglaic: 'compiler/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'cli-chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __penglaicRequire } from 'node:module'; const require = __penglaicRequire(import.meta.url);" },
  define: { PENGLAIC_CLI: 'true' },
});
