// Builds the VS Code extension offline: bundles the client and the language server with
// esbuild into vscode-extension/dist/, then runs vsce from the root's node_modules to write
// the .vsix. Usage: node vscode-extension/scripts/package.mjs [--out path.vsix]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const extensionDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = resolve(extensionDir, '..');
const outIndex = process.argv.indexOf('--out');
const vsixPath = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(extensionDir, 'penglai-0.1.0.vsix'));

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', sourcemap: false };
rmSync(join(extensionDir, 'dist'), { recursive: true, force: true });
await build({ ...common, entryPoints: [join(extensionDir, 'client/extension.ts')], outfile: join(extensionDir, 'dist/client.js'), external: ['vscode'] });
await build({ ...common, entryPoints: [join(extensionDir, 'src/server-main.ts')], outfile: join(extensionDir, 'dist/server.js') });
// The CLI, for the Run, Trace and Test code lenses.
// An ES module (the CLI starts with a top-level await); its CommonJS dependencies get a require.
await build({
  ...common,
  format: 'esm',
  entryPoints: [join(rootDir, 'compiler/cli/main.ts')],
  outfile: join(extensionDir, 'dist/penglaic.mjs'),
  define: { PENGLAIC_CLI: 'true' },
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

const vsce = join(rootDir, 'node_modules/.bin/vsce');
if (!existsSync(vsce)) {
  console.error(`vsce is not installed at ${vsce}; run npm install at the repository root`);
  process.exit(1);
}
mkdirSync(dirname(vsixPath), { recursive: true });
execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsixPath], { cwd: extensionDir, stdio: 'inherit' });
console.log(`wrote ${vsixPath}`);
