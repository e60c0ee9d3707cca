// A transfer region is reused from call to call, possibly for another server, so a call
// must leave nothing of its own in it: not the arguments it copied in, not the scalars,
// not the previous server's result. A hostile server written in C against the Penglai
// eapp ABI stands in for `Spy` and reads every word of the region it is handed.
import { describe, expect, it } from 'vitest';
import { runPlatform } from '../../emulator/monitor/platform.js';
import { INSECURE_FIXED_DEVICE_SEED } from '../../emulator/monitor/attestation.js';
import { buildEnclave } from '../emulator/monitor/support/eapp-build.js';
import { buildSource } from './run-program.js';

const program = `
server Box "box" {
  fn stash(a: inout u64[4], key: in u64[8], n: u64) -> u64 { a[0] = n; return key[0] + n; }
}
server Spy "spy" {
  fn look(a: inout u64[4]) -> u64 { return a[0]; }
}
enclave Client {
  fn main() -> i64 {
    let box = acquire Box;
    let spy = acquire Spy;
    var a: u64[4];
    let key: u64[8] = [0x5ec7e7; 8];
    print("box: ", hex(box.stash(a, key, 0x5ec7e8)));
    print("spy: ", spy.look(a));
    return 0;
  }
}
host {
  let box = create Box;
  let spy = create Spy;
  let client = create Client;
  print("returned ", run client);
}
`;

const spySource = (digest: Uint8Array) => `
#include "eapp.h"
/* Every word of the region except the header's magic, digest, function and status (0-6) and the
   one array it was handed (bytes 64-95) must be zero. */
int EAPP_ENTRY main(unsigned long *args) {
  unsigned long *region = (unsigned long *)args[11];
  unsigned long size = args[12];
  unsigned long foreign = 0;
  for (unsigned long i = 7; i < size / 8; i++) {
    if (i >= 8 && i < 12) continue;
    if (region[i]) { foreign++; eapp_print("spy: word %lu = 0x%lx\\n", i, region[i]); }
  }
  eapp_print("spy: %lu foreign words in 0x%lx bytes\\n", foreign, size);
  region[6] = 0;
  region[7] = 42;
  struct call_enclave_arg_t ret = {0};
  ret.resp_val = 42;
  SERVER_RETURN(&ret);
}
__attribute__((used)) const unsigned char __pgl_interface[32] = {${[...digest].join(',')}};
`;

describe('transfer regions are scrubbed between calls', () => {
  it("a hostile server handed a reused region finds none of the caller's earlier arguments or results in it", () => {
    const built = buildSource(program);
    const digest = built.checked.sections.find((s) => s.name === 'Spy')!.interfaceDigest!;
    const files = new Map(built.images.map((i) => [i.source.fileName, i.elf]));
    files.set('Spy.elf', buildEnclave('spy', { text: spySource(digest) }).bytes);
    let stdout = '';
    const outcome = runPlatform({ hostElf: files.get('host.elf')!, files, stdout: (bytes) => (stdout += Buffer.from(bytes).toString('utf8')), deviceSeed: INSECURE_FIXED_DEVICE_SEED });
    expect(outcome).toMatchObject({ exitCode: 0 });
    // Box got the key and the scalar (so they were in the region), Spy sees nothing of them.
    expect(stdout).toBe('box: 0xbd8fcf\nspy: 0 foreign words in 0x1000 bytes\nspy: 42\nreturned 0\n');
  });
});
