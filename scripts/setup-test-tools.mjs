// The Debian packages the test suite uses as oracles and real clients, checked before the
// tests run. Missing ones are installed with apt-get when this runs as root (or with
// password-less sudo); otherwise the exact command is printed and the tests that need a
// missing tool fail loudly with its name. It says exactly what it installs.
//
//   node scripts/setup-test-tools.mjs           check, install what is missing if allowed
//   node scripts/setup-test-tools.mjs --check   only report; exit 1 if anything is missing
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Each package, what the tests use it for, and how to see that it is there. */
const PACKAGES = [
  { name: 'binutils-riscv64-unknown-elf', why: 'GNU as/objdump: encoding and disassembly oracle', present: () => onPath('riscv64-unknown-elf-as') && onPath('riscv64-unknown-elf-objdump') },
  { name: 'gcc-riscv64-unknown-elf', why: 'C enclaves and the gcc arithmetic/layout oracles', present: () => onPath('riscv64-unknown-elf-gcc') },
  { name: 'picolibc-riscv64-unknown-elf', why: 'the C library for the static test programs', present: () => existsSync('/usr/lib/picolibc/riscv64-unknown-elf') },
  { name: 'gcc-riscv64-linux-gnu', why: 'glibc riscv64 Linux programs for the emulator', present: () => onPath('riscv64-linux-gnu-gcc') },
  { name: 'libc6-dev-riscv64-cross', why: 'glibc headers and libraries for riscv64-linux-gnu-gcc', present: () => existsSync('/usr/riscv64-linux-gnu/lib') },
  { name: 'qemu-user', why: 'qemu-riscv64: the differential emulator oracle', present: () => onPath('qemu-riscv64') },
  { name: 'gdb-multiarch', why: 'the real debugger client for the GDB stub', present: () => onPath('gdb-multiarch') },
  { name: 'neovim', why: 'a real LSP client', present: () => onPath('nvim') },
  { name: 'emacs-nox', why: 'a real LSP client (with eglot)', present: () => onPath('emacs') },
  { name: 'elpa-eglot', why: "Emacs's LSP client", present: () => eglotInstalled() },
  { name: 'chromium', why: 'headless browser for the trace pictures, the IPC graph page and the playground', present: () => onPath('chromium') },
  { name: 'unzip', why: "Info-ZIP's unzip: opens the Gradescope autograder zip as Gradescope does", present: () => onPath('unzip') },
];

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function eglotInstalled() {
  const elpa = '/usr/share/emacs/site-lisp/elpa';
  return existsSync(elpa) && readdirSync(elpa).some((dir) => dir.startsWith('eglot'));
}

const checkOnly = process.argv.includes('--check');
const missing = PACKAGES.filter((p) => !p.present());
if (missing.length === 0) {
  console.log(`test tools: all ${PACKAGES.length} Debian packages the tests use are present`);
  process.exit(0);
}
const names = missing.map((p) => p.name);
console.log('test tools: missing Debian packages:');
for (const p of missing) console.log(`  ${p.name.padEnd(30)} ${p.why}`);
const install = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
if (checkOnly) process.exit(1);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!onPath('apt-get') || (!isRoot && !sudo)) {
  console.log(`test tools: cannot install them here (needs apt-get as root or password-less sudo). Run:\n  sudo sh -c '${install}'`);
  console.log('test tools: the tests that need them will fail, naming the tool.');
  process.exit(0);
}
console.log(`test tools: installing ${names.join(', ')}`);
const prefix = isRoot ? [] : ['sudo', '-n'];
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...names]]) {
  const command = [...prefix, ...args];
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.log(`test tools: \`${command.join(' ')}\` failed (status ${result.status}); the tests that need these tools will fail, naming the tool.`);
    process.exit(0);
  }
}
const still = PACKAGES.filter((p) => !p.present()).map((p) => p.name);
console.log(still.length ? `test tools: still missing after install: ${still.join(', ')}` : 'test tools: installed');
