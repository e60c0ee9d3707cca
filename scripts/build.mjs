// Bundles the `penglaic` CLI into dist/penglaic.js so `npx penglaic` works right after
// `npm install` (the `prepare` script) without a TypeScript loader at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['compiler/cli.ts'],
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
