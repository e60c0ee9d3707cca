import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every penglaic the tests start uses the fixed device secret published in the source:
    // deterministic reports and keys, and nothing written to the real config directory.
    // Tests of the per-installation secret remove it and give a scratch XDG_CONFIG_HOME.
    env: { PENGLAIC_INSECURE_FIXED_DEVICE_KEY: '1' },
  },
});
