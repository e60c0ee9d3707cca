// The files `penglaic new` writes. Each program here builds, runs and passes its tests
// (test/e2e/new-project-builds-runs-and-tests.test.ts runs them).

const GITIGNORE = 'build/\n*.report.json\n';

export function projectFiles(name: string): Record<string, string> {
  return {
    'main.pen': `// ${name}: a host that runs one enclave. \`penglaic build && penglaic run\` runs it,
// \`penglaic test\` runs the test blocks at the end.
enclave Counter {
  fn main() -> i64 {
    var sum: i64 = 0;
    for i in 1..11 { sum += i; }
    print("counter: the sum of 1..10 is ", sum);
    return sum;
  }
}

host {
  let counter = create Counter;
  print("host: Counter returned ", run counter);
}

test "Counter returns the sum of 1 to 10" {
  let counter = create Counter;
  assert_eq(run counter, 55);
  expect_output("the sum of 1..10 is 55");
}
`,
    'README.md': `# ${name}

A penglaic program: a host that creates and runs an enclave under the security monitor.

    penglaic build      # writes build/: one ELF per section and manifest.json
    penglaic run        # runs the host and its enclaves on the emulated machine
    penglaic test       # runs the test blocks of main.pen, each on a fresh machine

\`penglaic test --reporter json\` (or \`junit\`, \`tap\`, \`gradescope\`) writes a machine-readable
report. It exits 0 when every test passed, 1 when a test failed, 2 when the program did not build.
`,
    '.gitignore': GITIGNORE,
  };
}

export function assignmentFiles(name: string): Record<string, string> {
  const manifest = {
    $schema: 'https://penglaic.dev/schema/assignment-1.json',
    version: 1,
    name,
    title: `${name}: keep the secret inside the enclave`,
    handin: ['main.pen'],
    starter: 'starter',
    parts: [
      { name: 'vault', title: 'The vault answers without printing its secret', points: 3 },
      { name: 'isolation', title: 'A snooping enclave is stopped by the monitor', points: 2 },
    ],
    suites: [{ file: 'tests/public.pen' }, { file: 'tests/hidden.pen', hidden: true }],
    limits: { maxSteps: 1000000 },
  };
  const program = (vault: string, snoop: string) => `// ${name}: hand in this file as main.pen.
enclave Vault {
  fn main() -> i64 {
    let secret: i64 = 271828;
${vault}
  }
}

// Reads the host's code at 0x10000, which no enclave may see.
enclave Snoop {
  fn main() -> i64 {
${snoop}
  }
}

host {
  let vault = create Vault;
  print("host: the vault answered ", run vault);
}
`;
  return {
    'assignment.json': JSON.stringify(manifest, null, 2) + '\n',
    'starter/main.pen': program(
      '    // TODO: return the secret modulo 1000, without printing the secret.\n    print("vault: the secret is ", secret);\n    return 0;',
      '    // TODO: read 8 bytes at 0x10000 with peek64 and return them.\n    return 0;',
    ),
    'solution/main.pen': program(
      '    print("vault: answering");\n    return secret % 1000;',
      '    let stolen = peek64(0x10000);\n    return stolen as i64;',
    ),
    'tests/public.pen': `// Public tests: handed out with the starter. \`penglaic test tests/public.pen\` runs them
// against ../main.pen.
import "../main.pen";

test "the vault answers 828" (points: 2, part: "vault") {
  let vault = create Vault;
  assert_eq(run vault, 828);
}
`,
    'tests/hidden.pen': `// Hidden tests: kept back; students see their results as <hidden test>, never this file.
import "../main.pen";

test "the vault never prints its secret" (points: 1, part: "vault", visibility: after_due_date) {
  let vault = create Vault;
  run vault;
  expect_no_output(271828);
}

test "the snoop faults reading the host's memory" (points: 2, part: "isolation", visibility: hidden, timeout_ms: 5000) {
  let snoop = create Snoop;
  expect_fault(run snoop, load_page_fault, host_memory);
}
`,
    'README.md': `# ${name} (assignment)

- \`assignment.json\`: the manifest \`penglaic grade\` and \`penglaic autograder\` read.
- \`starter/main.pen\`: what students get; they hand in \`main.pen\`.
- \`solution/main.pen\`: the reference solution (keep it back).
- \`tests/public.pen\`: tests handed out with the starter.
- \`tests/hidden.pen\`: tests kept back; reports show them as \`<hidden test>\`.

Check the solution passes everything:

    cp solution/main.pen main.pen
    penglaic test tests/public.pen tests/hidden.pen
`,
    '.gitignore': GITIGNORE + '/main.pen\n',
  };
}
