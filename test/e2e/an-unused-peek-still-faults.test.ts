import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { penglaic, scratchDir } from './cli.js';

// Issue 11: a `peek64` whose result was unused was deleted, so an isolation exercise
// "read host memory" without a fault. The monitor must stop the load.
const program = (statement: string) =>
  [
    `enclave A { fn main() -> i64 { ${statement} print("A: the load did not stop me"); return 1; } }`,
    'host { let a = create A; print("A returned ", run a); }',
    '',
  ].join('\n');

describe('an enclave peek whose result is unused', () => {
  for (const statement of ['peek64(0x10000);', 'let _x = peek64(0x10000);']) {
    it(`\`${statement}\` faults and the run gives -19`, () => {
      const dir = scratchDir();
      writeFileSync(join(dir, 'main.pen'), program(statement));
      expect(penglaic(['build'], dir).status).toBe(0);
      const run = penglaic(['run'], dir);
      expect(run.stdout).toBe(
        [
          'enclave A faulted: load page fault at pc 0x1038 (main.pen:1:32), address 0x10000',
          '  the address is not mapped in this enclave; the monitor destroyed it',
          'A returned -19',
          '',
        ].join('\n'),
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }
});
