// Relay (schrodinger) pages (reference §1, §2 a3/a4 and RETURN_RELAY_PAGE, §4
// demo/relay-page, §8 item 11): host pages with one owner at a time. The enclave finds
// them at 0x38_0000_0000, may lend them to a server (same VA there, and back), and hands
// them to the host with RETURN_RELAY_PAGE: RUN answers 1, the host reads and clears
// them, and RESUME (the rerun) gives them back. While the enclave holds them the host
// cannot touch them; when the enclave ends they are the host's again.
import { describe, expect, it } from 'vitest';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

const files = () => ({ 'vault.elf': program('vault'), 'relay.elf': program('relay-user'), 'unmap.elf': program('relay-user', ['UNMAP']) });
const run = (steps: string[]) => runScenario({ files: files(), steps: ['server:vault:vault.elf', ...steps] });
const opening = [
  'host: create: 0',
  'host: relay: 0',
  'relay-user: relay at 0x3800000000, 0x4000 bytes, value 22222',
  'vault: call 1, secret intact',
  'relay-user: lent to the vault: 0, back at 0x3800000000',
  'host: start ru: status 1, value 0x0',
];

describe('relay pages', () => {
  it('return to the host with status 1, are cleared by it, and come back with the rerun', () => {
    const { transcript } = run(['create:ru:relay.elf', 'relay:ru:0x4000:0x56ce', 'start:ru', 'relaypeek:0x8', 'relaypoke:0x0:0x0', 'resume:ru:0x0', 'relaypeek:0x8']);
    expect(transcript).toBe(
      [
        ...opening,
        'host: relay word: 0x600d',
        'host: relay poked',
        'relay-user: after the rerun (0): value 0, word 1 0x600d',
        'host: resume: status 0, value 0x0',
        'host: relay word: 0x600d',
        '',
      ].join('\n'),
    );
  });

  it('go back to the host when the run is destroyed', () => {
    const { transcript } = run(['create:ru:relay.elf', 'relay:ru:0x4000:0x56ce', 'start:ru', 'destroy:ru', 'relaypeek:0x8']);
    expect(transcript).toBe([...opening, 'host: destroy ru: 0', 'host: relay word: 0x600d', ''].join('\n'));
  });

  it('cannot be touched by the host while the enclave holds them', () => {
    const result = run(['create:ru:relay.elf', 'relay:ru:0x4000:0x56ce', 'start:ru:0x10', 'relaypeek:0x0']);
    expect(result.transcript.replace(/at pc 0x[0-9a-f]+/, 'at pc PC')).toMatch(
      /^host: create: 0\nhost: relay: 0\nhost: start ru: status 2, value 0x0\nhost: relay word: host faulted: load page fault at pc PC, address 0x[0-9a-f]+000\n$/,
    );
    expect(result.exitCode).toBe(139);
  });

  it('cannot be unmapped by the enclave, nor bound to two enclaves, nor bound from ordinary host memory', () => {
    const { transcript } = run([
      'create:ru:unmap.elf',
      'relay:ru:0x1000:0x1',
      'relay:ru:0x1000:0x2',
      'create:other:relay.elf',
      'call:204:0x2:0x10000',
      'start:ru',
      'resume:ru:0x0',
    ]);
    expect(transcript).toBe(
      [
        'host: create: 0',
        'host: relay: 0',
        'host: relay: -12',
        'host: create: 0',
        'host: call 204: -16',
        'relay-user: relay at 0x3800000000, 0x1000 bytes, value 1',
        'relay-user: unmap: -1 (-18)',
        'vault: call 1, secret intact',
        'relay-user: lent to the vault: 0, back at 0x3800000000',
        'host: start ru: status 1, value 0x0',
        'relay-user: after the rerun (0): value 1, word 1 0x600d',
        'host: resume: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
