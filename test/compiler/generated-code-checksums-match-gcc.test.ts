// The generated-code benchmark's kernels (scripts/bench/generated-code-kernels.ts) at small
// sizes: each prints the same checksum built by us, at the default and at -O0, as built by
// gcc -O2 for rv64imac and run on the same emulator. The ratios are the benchmark's business
// (`npm run bench -- generated-code`), not this test's.
import { describe, expect, it } from 'vitest';
import { KERNELS } from '../../scripts/bench/generated-code-kernels.js';
import { checksumOf, measureGcc, measurePen } from '../../scripts/bench/generated-code-measure.js';

describe('generated-code kernels print the checksum gcc -O2 prints', () => {
  for (const kernel of KERNELS) {
    it(kernel.name, () => {
      const size = kernel.sizes.test;
      const gcc = measureGcc(kernel, size);
      const ours = measurePen(kernel, size);
      const o0 = measurePen(kernel, size, { optimize: false });
      expect(checksumOf(ours.output)).toBe(checksumOf(gcc.output));
      expect(checksumOf(o0.output)).toBe(checksumOf(gcc.output));
      expect(ours.instructions).toBeGreaterThan(0);
    });
  }
});
