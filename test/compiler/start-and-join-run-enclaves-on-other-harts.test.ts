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

const errors = (source: string) => checkSource(source, 't.pen').diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);

describe('checking start and join', () => {

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

describe('server concurrency policies', () => {
  const program = (policy: string) => `
server Slow "slow" ${policy} {
  var calls: u64 = 0;
  fn work(n: u64) -> u64 {
    var x: u64 = 0;
    for i in 0..n { x += i; }
    calls += 1;
    return calls;
  }
}
enclave Client {
  fn main() -> i64 {
    let s = acquire Slow;
    return s.work(20000) as i64;
  }
}
host {
  let slow = create Slow;
  let a = start create Client;
  let b = start create Client;
  print("a ", join a, " b ", join b);
}`;

  it('a queue server serves two clients on two harts in turn: one gets the first call, the other the second', () => {
    const run = runSource(program('queue'), { harts: 3 });
    expect(run.events).toEqual([]);
    expect(['a 1 b 2\n', 'a 2 b 1\n']).toContain(run.stdout);
  });

  it('a sequential server answers the second client busy, and the checker said it would', () => {
    const source = program('');
    expect(checkSource(source, 't.pen').diagnostics.filter((d) => d.code === 'W0104').map((d) => `${d.code} ${d.message}`)).toEqual([
      'W0104 `Slow` is sequential, and two runs of `Client` run at once can both call it: the call that finds it in the other\'s call is answered busy (-2)',
    ]);
    const run = runSource(source, { harts: 3 });
    // The client that found it busy stops with the error and its run gives -2.
    expect(run.stdout).toBe('error: call Slow.work at test.pen:14:12: server busy\na 1 b -2\n');
  });

  it('an unknown policy word is an error', () => {
    expect(errors('server S "s" instances { fn f() -> u64 { return 1; } } host { }')).toEqual(['E0418 unknown concurrency policy `instances`']);
  });
});
