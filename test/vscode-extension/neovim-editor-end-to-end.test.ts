import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FOLDING_RANGES, SAMPLE_INLAY_HINTS, SAMPLE_RANGE_FORMATTED, addOtherCaller, brokenSample, bundleServer, requireTool } from './editor-harness.js';

interface NeovimReport {
  error?: string;
  diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; code: string; message: string }[];
  hover: string;
  after_fix: unknown[];
  fixed_line: string;
  completion: string[];
  inlay_hints: string[];
  folding_ranges: string[];
  visible_when_folded: number[];
  client_asks: { hover: boolean; inlay_hint: boolean; folding_range: boolean };
  server_announced: { inlay_hint: boolean; folding_range: boolean };
  type_definition: number[];
  declaration: number[];
  range_formatted: string[];
  incoming_calls: string[];
  outgoing_calls: string[];
  outgoing_details: string[];
  workspace_symbols: string[];
}

describe('neovim 0.7 with its built-in LSP client', () => {
  let report: NeovimReport;
  beforeAll(async () => {
    const version = requireTool('nvim', ['--version']);
    expect(version).toMatch(/^NVIM v0\.\d+/);
    const work = mkdtempSync(join(tmpdir(), 'penglaic-nvim-'));
    const server = await bundleServer(work);
    const sample = brokenSample('penglaic-nvim-sample-');
    addOtherCaller(sample.dir);
    const out = join(work, 'report.json');
    execFileSync('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${join(import.meta.dirname, 'neovim-client.lua')}`], {
      env: { ...process.env, PEN_SERVER: server, PEN_FILE: sample.file, PEN_OUT: out },
      timeout: 90_000,
      stdio: 'ignore',
    });
    report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.error).toBeUndefined();
  });

  it('shows the wrong-argument-count diagnostic with its exact range', () => {
    expect(report.diagnostics).toEqual([
      {
        lnum: 13, col: 16, end_lnum: 13, end_col: 44, code: 'E0312',
        message: '`Adder.add_two` takes 1 argument but 2 were given (expected (tag: u64))',
      },
    ]);
  });

  it('hovers a server function with its signature and doc comment', () => {
    expect(report.hover).toBe('```penglai\nfn Adder.add_two(tag: u64) -> u64\n```\n\nAdds 2 to the tag it is given.');
  });

  it('clears the diagnostics after the edit that fixes the call', () => {
    expect(report.fixed_line).toBe('    let reply = adder.add_two(0x19960000);');
    expect(report.after_fix).toEqual([]);
  });

  it("completes a handle's `.` with the server's functions", () => {
    expect(report.completion).toEqual(['add_two fn Adder.add_two(tag: u64) -> u64']);
  });

  it('gets inlay hints through its LSP client: inferred types, a parameter name and the registered name', () => {
    // 0-based line:character, as the protocol counts; the call still has its extra argument.
    expect(report.inlay_hints).toEqual(SAMPLE_INLAY_HINTS);
  });

  it('folds the ranges the server gives, so that closing them all leaves the section headers', () => {
    expect(report.folding_ranges).toEqual(SAMPLE_FOLDING_RANGES);
    // 1-based, as neovim numbers lines: the comment, `server Adder`, `enclave Caller` and `host`
    // headers, their closing braces and the blank lines between them.
    expect(report.visible_when_folded).toEqual([1, 3, 9, 10, 11, 18, 19, 20, 25]);
  });

  it('is a client that neither asks for inlay hints nor folding ranges itself, though the server announces both', () => {
    // It does ask for hover, so the capabilities were read.
    expect(report.client_asks).toEqual({ hover: true, inlay_hint: false, folding_range: false });
    expect(report.server_announced).toEqual({ inlay_hint: true, folding_range: true });
  });

  it("jumps with its own commands to the type definition and the declaration of a handle", () => {
    // [line, column] of the cursor, lines 1-based and columns 0-based as neovim counts them.
    expect(report.type_definition).toEqual([3, 7]);
    expect(report.declaration).toEqual([13, 8]);
  });

  it('formats one statement with its own range formatting, leaving the lines around it alone', () => {
    expect(report.range_formatted).toEqual(SAMPLE_RANGE_FORMATTED);
  });

  it('lists the incoming calls of a server function across the workspace, the file not open included', () => {
    expect(report.incoming_calls).toEqual(['main.pen:14:23 main', 'other.pen:6:14 main']);
  });

  it("lists an enclave function's outgoing calls, with the server's registered name in the detail", () => {
    expect(report.outgoing_calls).toEqual(['main.pen:14:23 add_two']);
    expect(report.outgoing_details).toEqual(['add_two server Adder "test-server"']);
  });

  it('finds workspace symbols in files that are not open', () => {
    expect(report.workspace_symbols).toEqual(['main.pen:12:6 [Function] main', 'other.pen:4:6 [Function] main']);
  });
});
