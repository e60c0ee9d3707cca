import { describe, expect, it } from 'vitest';
import { copySample, penglaic } from './cli.js';

describe('penglaic run --stats', () => {
  const dir = copySample('server-chain');
  expect(penglaic(['build'], dir).status).toBe(0);

  it('prints a table per domain and the whole run on standard error, leaving the output as it is', () => {
    const run = penglaic(['run', '--stats'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(penglaic(['run'], dir).stdout);
    const [table, whole] = run.stderr.split('\n\n');
    expect(table.split('\n')).toEqual([
      'domain                kind    instructions  calls made  calls served  peak pages  end pages  ocalls  faults',
      '--------------------  ------  ------------  ----------  ------------  ----------  ---------  ------  ------',
      'host                  host            1142           0             0          90         90       0       0',
      'test-server (eid 0)   server         45873           0             1          38          0       1       0',
      'test-server1 (eid 1)  server         52106           1             1          38          0       1       0',
      'Caller (eid 2)        normal         89761           1             0          38          0       4       0',
    ]);
    expect(whole).toMatch(/^whole run: 188882 instructions in \d+\.\d{3} s wall time, \d+\.\d MIPS\n$/);
  });

  it('--stats --json gives the same figures as JSON; the domains add up to the whole run', () => {
    const run = penglaic(['run', '--stats', '--json'], dir);
    const stats = JSON.parse(run.stderr);
    expect(stats.domains.map((d: { name: string; callsMade: number; callsServed: number }) => [d.name, d.callsMade, d.callsServed])).toEqual([
      ['host', 0, 0],
      ['test-server', 0, 1],
      ['test-server1', 1, 1],
      ['Caller', 1, 0],
    ]);
    expect(stats.instructions).toBe(188882);
    expect(stats.domains.reduce((sum: number, d: { instructions: number }) => sum + d.instructions, 0)).toBe(stats.instructions);
    expect(stats.mips).toBeGreaterThan(0);
  });

  it('--json without --stats is a usage error', () => {
    const run = penglaic(['run', '--json'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('penglaic: error: --json goes with --stats\n');
  });

  it('a trace file that cannot be drawn is a located error, not a stack trace', () => {
    const bad = penglaic(['trace', 'nope.json', '--html', 'x.html'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('penglaic: error: [T007] nope.json: byte 0 (line 1): cannot open the trace: ENOENT\n');
  });
});
