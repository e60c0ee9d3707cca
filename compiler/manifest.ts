// build/manifest.json: what `build` wrote, read back by `run`, `test` and the grader. Kept
// apart from the build driver so reading a manifest does not load the compiler.
export const MANIFEST_VERSION = 1;

export interface ManifestImage {
  /** The section's name in the source. */
  name: string;
  kind: 'host' | 'enclave' | 'server';
  /** Servers: the name registered with the monitor. */
  registeredName?: string;
  file: string;
  entry: string;
  size: number;
  /** Servers: hex SHA-256 of the canonical interface. */
  interfaceDigest?: string;
  /** Servers: the interface, one function per line. */
  interface?: string[];
  /** Enclaves and servers: hex SM3 measurement the monitor will compute at creation. */
  measurement?: string;
}

export interface Manifest {
  version: number;
  source: string;
  images: ManifestImage[];
}
