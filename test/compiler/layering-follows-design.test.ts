import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md §1: each folder may import only the folders its row names. This test resolves
// every relative import of every TypeScript source and checks it against that table.
const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The repository paths a file imports (relative specifiers only; packages are not layers). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specs.map((spec) => relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const LAYERS = ['grammar', 'compiler', 'runtime', 'emulator', 'vscode-extension', 'playground'] as const;
type Layer = (typeof LAYERS)[number];
const layerOf = (path: string): Layer | undefined => LAYERS.find((l) => path === l || path.startsWith(`${l}/`));

/** The folder table: who may import whom. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  grammar: [],
  compiler: ['grammar', 'runtime'],
  runtime: [],
  emulator: ['runtime'],
  'vscode-extension': ['grammar', 'compiler'],
  // The browser playground composes the toolchain in a page: the emulator only through its entry (below).
  playground: ['grammar', 'compiler', 'runtime', 'emulator', 'vscode-extension'],
};

/** Every import of the given files that breaks `allowed`, as "file imports target". */
function offenders(files: string[], allowed: (from: string, to: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((to) => !allowed(file, to)).map((to) => `${file} imports ${to}`));
}

const all = LAYERS.flatMap((layer) => sources(layer));

describe('layering (DESIGN.md §1)', () => {
  it('lets each folder import only itself and the folders its row of the table names', () => {
    const found = offenders(all, (from, to) => {
      const a = layerOf(from)!;
      const b = layerOf(to);
      if (b === undefined || b === a) return true;
      // The CLI is the one place that joins compiler and emulator, through the emulator's entry.
      if (from.startsWith('compiler/cli/') && to === 'emulator/index.ts') return true;
      if (a === 'playground' && b === 'emulator') return to === 'emulator/index.ts';
      return MAY_IMPORT[a].includes(b);
    });
    expect(found).toEqual([]);
  });

  it('keeps the middle end out of the back end: compiler/ir never imports compiler/codegen', () => {
    expect(offenders(sources('compiler/ir'), (_, to) => !to.startsWith('compiler/codegen/'))).toEqual([]);
  });

  it('keeps the machine below the monitor: only emulator/index.ts and the monitor import emulator/monitor', () => {
    const machine = sources('emulator').filter((f) => !f.startsWith('emulator/monitor/') && f !== 'emulator/index.ts');
    expect(offenders(machine, (_, to) => !to.startsWith('emulator/monitor/'))).toEqual([]);
  });

  it('lets only the CLI reach the emulator, and only through emulator/index.ts', () => {
    const found = offenders(sources('compiler'), (from, to) => !to.startsWith('emulator/') || (from.startsWith('compiler/cli/') && to === 'emulator/index.ts'));
    expect(found).toEqual([]);
  });

  it('keeps the language server on the front end: no back end, build driver or CLI', () => {
    const found = offenders(sources('vscode-extension'), (_, to) => !/^compiler\/(codegen|asm|elf|ir|build|cli)/.test(to));
    expect(found).toEqual([]);
  });

  it('keeps the playground on the emulator entry and the node-free parts of the CLI', () => {
    const found = offenders(sources('playground'), (_, to) =>
      (!to.startsWith('emulator/') || to === 'emulator/index.ts') && (!to.startsWith('compiler/cli/') || ['compiler/cli/describe-event.ts', 'compiler/cli/predict-image.ts', 'compiler/cli/test-platform.ts'].includes(to)),
    );
    expect(found).toEqual([]);
    expect(importsOf('playground/src/run-worker.ts')).toContain('emulator/index.ts');
  });

  it('keeps runtime/riscv a leaf: the ISA facts import nothing, not even the rest of runtime', () => {
    expect(offenders(sources('runtime/riscv'), (_, to) => to.startsWith('runtime/riscv/'))).toEqual([]);
    expect(sources('runtime/riscv').length).toBeGreaterThan(3);
  });

  it('makes the assembler and the emulator share the ISA facts in runtime/riscv', () => {
    expect(importsOf('compiler/asm/opcodes.ts')).toContain('runtime/riscv/opcodes.ts');
    expect(importsOf('emulator/decode.ts')).toContain('runtime/riscv/opcodes.ts');
  });

  it('finds the imports it checks (the table is not vacuous)', () => {
    expect(importsOf('compiler/cli/main.ts')).toContain('compiler/cli/run.ts');
    expect(importsOf('compiler/cli/run.ts')).toContain('emulator/index.ts');
    expect(all.length).toBeGreaterThan(150);
  });
});
