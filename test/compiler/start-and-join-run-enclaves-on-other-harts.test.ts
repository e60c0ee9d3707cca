// `start e` and `join e` (grammar/README.md "Enclaves on other harts"): the host starts
// enclaves on other harts, goes on, and joins them for their results, compiled and run
// under the monitor with several harts; the checker's rules for the two forms.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/check/index.js';
import { runSource } from './run-program.js';

const WORKERS = `
enclave Summer {
  fn main() -> i64 {
    var total: i64 = 0;
    for i in 0..20000 { total += i; }
    print("summer done");
    return total;
  }
}
enclave Counter {
  fn main() -> i64 {
    var n: i64 = 0;
    while n < 30000 { n += 3; }
    print("counter done");
    return n;
  }
}
`;

/** The workers and a host whose body is `body`, run with `harts` harts. */
const withHost = (body: string, harts: number) => runSource(`${WORKERS}\nhost {\n${body}\n}`, { harts });

describe('start and join', () => {
  it('two enclaves run on harts 1 and 2 while the host goes on; join gives each result', () => {
    const run = withHost(['  let s = start create Summer;', '  let c = start create Counter;', '  print("host goes on");', '  print("summer ", join s);', '  print("counter ", join c);'].join('\n'), 3);
    expect(run.events).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').sort()).toEqual(['', 'counter 30000', 'counter done', 'host goes on', 'summer 199990000', 'summer done']);
    expect(run.stdout.indexOf('host goes on')).toBeLessThan(run.stdout.indexOf('summer 199990000'));
  });

  it('starting more enclaves than there are other harts stops the host with the code and says where', () => {
    const run = withHost(['  let s = start create Summer;', '  let c = start create Counter;', '  print("not reached");'].join('\n'), 2);
    expect(run.stdout).toBe('error: start at test.pen:21:11: no free hart: every other hart runs an enclave already\n');
    expect(run.exitCode).toBe(1);
  });

  it('join of a handle never started gives -10, as run of a gone enclave does', () => {
    const run = withHost(['  let s = create Summer;', '  print("join ", join s);'].join('\n'), 2);
    expect(run.stdout).toBe('join -10\n');
  });
});

describe('checking start and join', () => {
  const errors = (source: string) => checkSource(source, 't.pen').diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);

  it('start and join are host-only, take enclave handles, and refuse servers', () => {
    expect(errors(`
server S "s" { fn f() -> u64 { return 1; } }
enclave E { fn main() -> i64 { let t = start 5; return 0; } }
host {
  let s = create S;
  let x = start s;
  let y = join 7;
}`)).toEqual([
      'E0407 `start` is only allowed in the host',
      'E0409 cannot start a server',
      'E0413 `join` needs an enclave handle, found `i64`',
    ]);
  });
});
