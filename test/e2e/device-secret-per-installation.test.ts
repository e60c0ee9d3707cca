// Issue 13, class 4: attestation keys are secret. Each installation makes its own device
// secret on first use, owner-only in the config directory; verify pins a device public
// key, so a report minted with the seed published in the source is rejected. These runs
// leave out PENGLAIC_INSECURE_FIXED_DEVICE_KEY and use a scratch XDG_CONFIG_HOME.
import { describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { penglaic, scratchDir } from './cli.js';

function installation(): { dir: string; env: NodeJS.ProcessEnv; secret: string } {
  const dir = scratchDir();
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') };
  delete env.PENGLAIC_INSECURE_FIXED_DEVICE_KEY;
  return { dir, env, secret: join(dir, 'config/penglaic/device-key') };
}

describe('the device secret is per installation', () => {
  it('is made on first use, owner-only, and stays the same; its public key is exported, never the secret', () => {
    const { dir, env, secret } = installation();
    const first = penglaic(['device-key', '--public'], dir, env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^[0-9a-f]{128}\n$/);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'config/penglaic')).mode & 0o777).toBe(0o700);
    expect(readFileSync(secret, 'latin1')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(first.stdout).not.toContain(readFileSync(secret, 'latin1').trim());
    expect(penglaic(['device-key', '--public'], dir, env).stdout).toBe(first.stdout);
    // Another installation is another device.
    const other = installation();
    expect(penglaic(['device-key', '--public'], other.dir, other.env).stdout).not.toBe(first.stdout);
    // The fixed seed gives the same public key everywhere: that is why it is only for tests.
    const fixed = penglaic(['device-key', '--public', '--insecure-fixed-device-key'], dir, env).stdout;
    expect(fixed).toBe(penglaic(['device-key', '--public', '--insecure-fixed-device-key'], other.dir, other.env).stdout);
    expect(fixed).not.toBe(first.stdout);
  });

  it('verify accepts a report chained to the pinned device key and rejects one minted with the published seed', () => {
    const { dir, env } = installation();
    writeFileSync(join(dir, 'main.pen'), 'enclave E { fn main() -> i64 { return 1; } }\nhost { }\n');
    expect(penglaic(['build'], dir, env).status).toBe(0);
    expect(penglaic(['device-key', '--public', '--out', 'device.pub'], dir, env).stdout).toBe('wrote device.pub: the device public key\n');
    expect(penglaic(['attest', 'build/E.elf', '--nonce', '7', '--out', 'real.bin'], dir, env).status).toBe(0);
    const good = penglaic(['verify', 'real.bin', '--elf', 'build/E.elf', '--nonce', '7', '--device-public-key', 'device.pub'], dir, env);
    expect(good.stdout).toMatch(/^report verified: build\/E.elf \(measurement [0-9a-f]{64}\), nonce 7\n$/);
    expect(good.status).toBe(0);
    // Anyone can run attest with the published seed and claim any measurement for it.
    expect(penglaic(['attest', 'build/E.elf', '--nonce', '7', '--out', 'forged.bin', '--insecure-fixed-device-key'], dir, env).status).toBe(0);
    const forged = penglaic(['verify', 'forged.bin', '--elf', 'build/E.elf', '--nonce', '7', '--device-public-key', 'device.pub'], dir, env);
    expect(forged.stdout).toBe('report rejected: the report comes from a different device than the pinned one\n');
    expect(forged.status).toBe(1);
    // Replacing the carried DEV_PUB_KEY with the pinned one does not help: the device signature fails.
    const report = readFileSync(join(dir, 'forged.bin'));
    Buffer.from(readFileSync(join(dir, 'device.pub'), 'latin1').trim(), 'hex').copy(report, 264);
    writeFileSync(join(dir, 'forged.bin'), report);
    expect(penglaic(['verify', 'forged.bin', '--elf', 'build/E.elf', '--device-public-key', 'device.pub'], dir, env).stdout).toBe(
      "report rejected: the pinned device's signature over the monitor key does not verify\n",
    );
  });

  it('--device-key names another secret; one others can read, or that is not a secret, is refused with a sentence', () => {
    const { dir, env } = installation();
    const key = join(dir, 'lab.key');
    writeFileSync(key, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const lab = penglaic(['device-key', '--public', '--device-key', key], dir, env);
    expect(lab.stdout).toMatch(/^[0-9a-f]{128}\n$/);
    expect(lab.stdout).not.toBe(penglaic(['device-key', '--public'], dir, env).stdout);
    chmodSync(key, 0o644);
    const open = penglaic(['device-key', '--public', '--device-key', 'lab.key'], dir, env);
    expect(open.stderr).toBe('penglaic: error: device key lab.key is readable or writable by others (mode 644); make it owner-only: chmod 600 lab.key\n');
    expect(open.status).toBe(2);
    writeFileSync(join(dir, 'junk.key'), 'hello\n', { mode: 0o600 });
    expect(penglaic(['device-key', '--public', '--device-key', 'junk.key'], dir, env).stderr).toBe('penglaic: error: device key junk.key is not a penglaic device secret (64 hex digits)\n');
    expect(penglaic(['device-key'], dir, env).stderr).toBe('penglaic: error: say --public: device-key exports only the public key (the secret never leaves its file)\n');
  });
});
