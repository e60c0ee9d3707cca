// The optimiser's differential fuzzer: random whole programs (test/compiler/whole-program-generator.ts)
// built at -O0 and optimised must print the same and end the same way. CI runs a sample
// (test/compiler/optimizer-keeps-behaviour.test.ts); `npm run fuzz -- --target optimizer
// --count 100000` is the long run.
import { generateWholeProgram, runBothWays } from '../../test/compiler/whole-program-generator.js';
import type { FuzzTarget } from './target.js';

export const optimizer: FuzzTarget = {
  name: 'optimizer',
  description: 'random whole programs give the same output and the same faults at -O0 and optimised',
  start(_root, seed) {
    return {
      input: (index) => ({ kind: 'whole-program', text: generateWholeProgram(seed * 1_000_003 + index) }),
      run(input) {
        const { o0, optimized } = runBothWays(input.text);
        if (o0.stdout !== optimized.stdout) return `output differs:\n-O0:\n${o0.stdout}\noptimised:\n${optimized.stdout}`;
        if (o0.events.join('\n') !== optimized.events.join('\n')) return `ending differs:\n-O0: ${o0.events.join('; ')}\noptimised: ${optimized.events.join('; ')}`;
        return undefined;
      },
      cpuLimitMs: () => 20_000,
    };
  },
};
