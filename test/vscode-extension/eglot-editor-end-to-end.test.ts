import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FOLDING_RANGES, SAMPLE_INLAY_HINTS, SAMPLE_RANGE_FORMATTED, addOtherCaller, brokenSample, bundleServer, requireTool } from './editor-harness.js';

interface EglotReport {
  error?: string;
  managed: boolean;
  diagnostics: { line: number; col: number; end_line: number; end_col: number; text: string }[];
  hover: string;
  after_fix: unknown[];
  fixed_line: string;
  completion: string[];
  inlay_hints: string[];
  folding_ranges: string[];
  client_asks: { hover: boolean; inlay_hint: boolean; folding_range: boolean };
  server_announced: { inlay_hint: boolean; folding_range: boolean };
  type_definition: string[];
  declaration: string[];
  range_formatted: string[];
  workspace_symbols: string[];
  references: string[];
  incoming_calls: string[];
}

describe('Emacs with eglot', () => {
  let report: EglotReport;
  beforeAll(async () => {
    expect(requireTool('emacs', ['--version'])).toMatch(/^GNU Emacs \d+/);
    const work = mkdtempSync(join(tmpdir(), 'penglaic-eglot-'));
    const server = await bundleServer(work);
    const sample = brokenSample('penglaic-eglot-sample-');
    addOtherCaller(sample.dir);
    const out = join(work, 'report.json');
    // No -Q: Debian's elpa-eglot is on the load path through site-lisp.
    execFileSync('emacs', ['--batch', '-l', join(import.meta.dirname, 'eglot-client.el')], {
      env: { ...process.env, PEN_SERVER: server, PEN_FILE: sample.file, PEN_OUT: out, HOME: work },
      timeout: 120_000,
      stdio: 'ignore',
    });
    report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.error).toBeUndefined();
  });

  it('manages the buffer and shows the diagnostic with its exact range', () => {
    expect(report.managed).toBe(true);
    expect(report.diagnostics).toEqual([
      { line: 13, col: 16, end_line: 13, end_col: 44, text: 'penglaic [E0312]: `Adder.add_two` takes 1 argument but 2 were given (expected (tag: u64))' },
    ]);
  });

  it('hovers a server function with its signature and doc comment', () => {
    expect(report.hover).toBe('```penglai\nfn Adder.add_two(tag: u64) -> u64\n```\n\nAdds 2 to the tag it is given.');
  });

  it('clears the diagnostics after the edit that fixes the call', () => {
    expect(report.fixed_line).toBe('    let reply = adder.add_two(0x19960000);');
    expect(report.after_fix).toEqual([]);
  });

  it("completes a handle's `.` with the server's functions, as plain text for a client without snippets", () => {
    expect(report.completion).toEqual(['add_two fn Adder.add_two(tag: u64) -> u64 inserts add_two']);
  });

  it('gets inlay hints through its connection: inferred types, a parameter name and the registered name', () => {
    expect(report.inlay_hints).toEqual(SAMPLE_INLAY_HINTS);
  });

  it('gets the folding ranges of the sections, functions and the comment', () => {
    expect(report.folding_ranges).toEqual(SAMPLE_FOLDING_RANGES);
  });

  it('is a client that neither asks for inlay hints nor folding ranges itself, though the server announces both', () => {
    // It does ask for hover, so the capabilities were read.
    expect(report.client_asks).toEqual({ hover: true, inlay_hint: false, folding_range: false });
    expect(report.server_announced).toEqual({ inlay_hint: true, folding_range: true });
  });

  it('lists with its own commands the type definition and the declaration of a handle', () => {
    // Eglot 1.9's *xref* buffer: the file, then each place as `line: text`.
    expect(report.type_definition).toEqual([expect.stringMatching(/\/main\.pen$/), '3: server Adder "test-server" {']);
    expect(report.declaration).toEqual([expect.stringMatching(/\/main\.pen$/), '13:     let adder = acquire Adder;']);
  });

  it('formats one statement of a region with eglot-format, leaving the lines around it alone', () => {
    expect(report.range_formatted).toEqual(SAMPLE_RANGE_FORMATTED);
  });

  it('finds workspace symbols (xref-find-apropos) in files that are not open', () => {
    expect(report.workspace_symbols).toEqual(['main.pen:12   fn main() -> i64 {', 'other.pen:4   fn main() -> i64 {']);
  });

  it('finds references (xref-find-references) in a file that is not open', () => {
    expect(report.references).toEqual(['main.pen:5', 'main.pen:14', 'other.pen:6']);
  });

  it('answers the call hierarchy over the eglot connection (eglot 1.9 has no command for it)', () => {
    expect(report.incoming_calls).toEqual(['main enclave Caller', 'main enclave Other']);
  });
});
