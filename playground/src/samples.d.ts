// The samples and course assignments, bundled from samples/ at build time (playground/build.mjs).
declare module 'playground-samples' {
  import type { Program } from './messages.js';
  export interface Sample {
    id: string;
    title: string;
    group: 'Samples' | 'Course assignments';
    program: Program;
  }
  export const SAMPLES: readonly Sample[];
}
