// `npm run build:playground`: the playground as a static site in dist/playground/, with
// esbuild. The page and its three workers (language server, run, Monaco's editor worker) are
// bundled from the same layers the CLI uses; node's built-in modules resolve to the page's
// implementations in playground/platform/ (POSIX paths, a virtual file system, file URLs), the
// crypto interface (runtime/crypto) to its browser implementation, and the language server's
// node transport to the browser one. The samples and course assignments are bundled in.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` builds elsewhere (the tests each build their own copy, side by side).
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 ? process.argv[outAt + 1] : join(root, 'dist/playground');
const platform = (name) => join(root, 'playground/platform', name);

const NODE_MODULES = {
  path: platform('posix-path.ts'),
  fs: platform('virtual-fs.ts'),
  url: platform('url.ts'),
  net: platform('no-sockets.ts'),
  os: platform('no-sockets.ts'),
  v8: platform('v8.ts'),
};

/** Every .pen file under `dir`, by path relative to it. */
function penFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'build' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return penFiles(path, base);
    return name.endsWith('.pen') ? [[relative(base, path), readFileSync(path, 'utf8')]] : [];
  });
}

/** The samples (a directory with main.pen) and the course's labs (starter as main.pen, support files, public tests). */
function samples() {
  const list = [];
  const dir = join(root, 'samples');
  for (const name of readdirSync(dir).sort()) {
    if (existsSync(join(dir, name, 'main.pen'))) list.push({ id: name, title: name, group: 'Samples', program: { entry: 'main.pen', files: Object.fromEntries(penFiles(join(dir, name))) } });
  }
  const course = join(dir, 'course');
  for (const name of readdirSync(course).sort()) {
    const lab = join(course, name);
    if (!existsSync(join(lab, 'assignment.json'))) continue;
    const assignment = JSON.parse(readFileSync(join(lab, 'assignment.json'), 'utf8'));
    const files = Object.fromEntries([
      ...(assignment.support ?? []).map((file) => [file, readFileSync(join(lab, file), 'utf8')]),
      ...assignment.suites.map((suite) => [suite.file, readFileSync(join(lab, suite.file), 'utf8')]),
      ['main.pen', readFileSync(join(lab, assignment.starter, 'main.pen'), 'utf8')],
    ]);
    list.push({ id: `course/${name}`, title: assignment.title, group: 'Course assignments', program: { entry: 'main.pen', files } });
  }
  return list;
}

/** The language's keywords (grammar/tokens.ts), for the editor's highlighting: read here so the
 *  page does not carry the lexer library for one list of words. */
async function keywords() {
  const bundled = await build({ entryPoints: [join(root, 'grammar/tokens.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'warning' });
  const module = await import('data:text/javascript;base64,' + Buffer.from(bundled.outputFiles[0].text).toString('base64'));
  return module.keywordWords;
}

const browserPlatform = {
  name: 'penglaic-browser-platform',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(path|fs|url|net|os|v8)$/ }, (args) => ({ path: NODE_MODULES[args.path.replace(/^node:/, '')] }));
    b.onResolve({ filter: /^\.\/node\.js$/ }, (args) =>
      args.importer === join(root, 'runtime/crypto/index.ts') ? { path: join(root, 'runtime/crypto/browser.ts') } : undefined,
    );
    // server.ts's stdio entry (startLanguageServer) is never called in the page.
    b.onResolve({ filter: /^vscode-languageserver\/node$/ }, () => ({ path: join(root, 'node_modules/vscode-languageserver/lib/browser/main.js') }));
    b.onResolve({ filter: /^playground-samples$/ }, () => ({ path: 'playground-samples', namespace: 'samples' }));
    b.onLoad({ filter: /.*/, namespace: 'samples' }, () => ({ contents: `export const SAMPLES = ${JSON.stringify(samples())};`, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [browserPlatform],
  inject: [platform('process.ts'), platform('buffer.ts')],
  loader: { '.ttf': 'file' },
  assetNames: '[name]',
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  ...common,
  entryPoints: {
    main: join(root, 'playground/src/main.ts'),
    'lsp-worker': join(root, 'playground/src/lsp-worker.ts'),
    'run-worker': join(root, 'playground/src/run-worker.ts'),
    'editor-worker': join(root, 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js'),
  },
  outdir: out,
  define: { PENGLAI_KEYWORDS: JSON.stringify(await keywords()) },
});
await build({ ...common, inject: [], entryPoints: { boot: join(root, 'playground/src/boot.ts') }, outdir: out });
for (const file of ['index.html', 'playground.css']) copyFileSync(join(root, 'playground', file), join(out, file));

// The service worker caches exactly the files written above, under a version that changes with them.
const files = readdirSync(out).sort();
const version = createHash('sha256').update(files.map((f) => f + createHash('sha256').update(readFileSync(join(out, f))).digest('hex')).join('\n')).digest('hex').slice(0, 16);
await build({
  ...common,
  inject: [],
  entryPoints: { 'service-worker': join(root, 'playground/src/service-worker.ts') },
  outdir: out,
  define: { PLAYGROUND_FILES: JSON.stringify(['./', ...files]), PLAYGROUND_VERSION: JSON.stringify(version) },
});
writeFileSync(join(out, 'VERSION'), version + '\n');
