// The `process` global in the page (esbuild injects it where bundled code names it): the
// working directory is the virtual file system's root, and there is no environment,
// argument list or exit; a call to exit is a bug of the bundle and says so.
export const process = {
  cwd: () => '/',
  env: {} as Record<string, string | undefined>,
  argv: [] as string[],
  platform: 'browser',
  versions: {} as Record<string, string>,
  exit(code?: number): never {
    throw new Error(`process.exit(${code ?? ''}) called in the playground`);
  },
};
