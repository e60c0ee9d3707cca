import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { showRange, startTestClient, type TestClient } from './lsp-harness.js';

const URI = 'file:///virtual/calls/main.pen';

const BROKEN = `server Adder "test-server" {
  fn add_two(tag: u64) -> u64 {
    return tag + 2;
  }
}

enclave Caller {
  fn main() -> i64 {
    let adder = acquire Adder;
    let reply = adder.add_two(1, 2);
    return reply;
  }
}

host {
  let caller = create Caller;
  print("returned ", run caller);
}
`;

describe('diagnostics', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await startTestClient();
  });
  afterEach(() => client.close());

  it('publishes the checker diagnostics with code, exact range, hint and related location', async () => {
    await client.open(URI, BROKEN);
    const diagnostics = await client.nextDiagnostics(URI, 1);
    expect(diagnostics.map((d) => `${d.code} ${showRange(d.range)} ${d.message}`)).toEqual([
      'E0312 10:17-10:36 `Adder.add_two` takes 1 argument but 2 were given (expected (tag: u64))',
      'E0201 11:12-11:17 mismatched types: expected `i64`, found `u64` (`main` returns `i64`)\n' +
        'hint: convert explicitly: `reply as i64` (`u64` does not always fit in `i64`)',
    ]);
    expect(diagnostics[0].relatedInformation).toEqual([
      {
        location: { uri: URI, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } } },
        message: '`add_two` is declared here',
      },
    ]);
  });

  it('gives the same codes and spans as the CLI checker for the same text', async () => {
    await client.open(URI, BROKEN);
    const diagnostics = await client.nextDiagnostics(URI, 1);
    const cli = checkSource(BROKEN, '/virtual/calls/main.pen').diagnostics;
    expect(diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1])).toEqual(
      cli.map((d) => [d.code, d.span.startLine, d.span.startCol, d.span.endLine, d.span.endCol]),
    );
    expect(diagnostics.map((d) => d.severity)).toEqual(cli.map((d) => (d.severity === 'error' ? 1 : 2)));
  });

  it('clears the diagnostics when an edit fixes the error', async () => {
    await client.open(URI, BROKEN);
    expect((await client.nextDiagnostics(URI, 1)).length).toBeGreaterThan(0);
    // Line 10 `    let reply = adder.add_two(1, 2);`: delete `, 2`; line 11 return a cast.
    await client.change(URI, 2, [
      { range: { start: { line: 9, character: 31 }, end: { line: 9, character: 34 } }, text: '' },
      { range: { start: { line: 10, character: 16 }, end: { line: 10, character: 16 } }, text: ' as i64' },
    ]);
    expect(await client.nextDiagnostics(URI, 2)).toEqual([]);
  });

  it('reports a parse error at the exact place the `;` is missing', async () => {
    await client.open(URI, 'host {\n  let x = 1\n  print(x);\n}\n');
    const diagnostics = await client.nextDiagnostics(URI, 1);
    expect(diagnostics.map((d) => `${d.code} ${showRange(d.range)}`)).toEqual(['E0001 2:12-2:12']);
  });
});
