// Secure inter-enclave shared memory (reference §2 SBI_SHM_ATTACH 84 and SBI_SHM_STAT 83,
// ocalls 9-12; Penglai's lib/sbi/sm/enclave_shm.c). An object made under a key with
// SHM_GET is mapped at 0x40_0000_0000 - size in every enclave that attaches by that key;
// its pages come from the secure pool, never appear in a host mapping, and are zeroed and
// freed when the last user leaves. Nobody else can reach them, and garbage arguments get
// their own codes.
import { describe, expect, it } from 'vitest';
import { PAGE_FREE } from '../../../emulator/monitor/page-pool.js';
import type { Monitor } from '../../../emulator/monitor/monitor.js';
import { leakedSecrets, program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

const SHM_VA = 0x3f_ffff_e000n;

/** Records the physical pages of every object SHM_GET makes, and checks them the moment the object is freed. */
function watchObjects(monitor: Monitor, pages: number[], onFreed: (zeroedAndFree: boolean) => void) {
  const shm = monitor.secureShm;
  const create = shm.create.bind(shm);
  shm.create = (enclave, key, size) => {
    const va = create(enclave, key, size);
    if (typeof va === 'bigint') {
      for (let at = va; at < va + size; at += 4096n) pages.push(enclave.space.pageTable.lookup(at)!.pa);
    }
    return va;
  };
  const detach = shm.detach.bind(shm);
  shm.detach = (enclave, key) => {
    const status = detach(enclave, key);
    const alive = shm.stat(enclave, key, 0n) !== -10;
    if (status === 0 && !alive) {
      onFreed(pages.every((pa) => monitor.securePool.ownerOf(pa) === PAGE_FREE && monitor.machine.readPhys(pa, 4096).every((b) => b === 0)));
    }
    return status;
  };
}

describe('secure shared memory', () => {
  it('a server and its client share an object by key; stat counts users; a destroyed object takes no new users and goes with its last', () => {
    const { transcript } = runScenario({
      files: { 'k.elf': program('shm-keeper'), 'p.elf': program('shm-partner', ['FRESH_OBJECT']) },
      steps: ['server:keeper:k.elf', 'run:partner:p.elf'],
    });
    expect(transcript).toBe(
      [
        'keeper: shm 0x3fffffe000 made',
        'partner: attached at 0x3fffffe000: "hello from the keeper"',
        'partner: stat: 2 users, 0x2000 bytes',
        'partner: shmget of a taken key: -1 (-17)',
        'keeper: the client wrote "thanks, keeper"',
        'keeper: destroy 0',
        'partner: detach 0',
        'partner: attach after destroy: 0x0 (-12)',
        'partner: stat: 1 users, 0x2000 bytes',
        'keeper: detach 0',
        'partner: stat -1 (-10)',
        'partner: new object at 0x3fffffe000, 0 non-zero bytes',
        'host: run partner: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });

  it('the pages come from the secure pool, are never in the host page table, and are zeroed and free once the last user leaves', () => {
    const pages: number[] = [];
    const freed: boolean[] = [];
    let host: number[] = [];
    let secure = false;
    const { exitCode } = runScenario({
      files: { 'k.elf': program('shm-keeper'), 'p.elf': program('shm-partner') },
      steps: ['server:keeper:k.elf', 'run:partner:p.elf'],
      inspect: (monitor) => {
        watchObjects(monitor, pages, (ok) => {
          freed.push(ok);
          secure = pages.every((pa) => monitor.securePool.contains(pa));
          host = monitor.host.space.pageTable.leaves().map((leaf) => leaf.pa);
        });
      },
    });
    expect(exitCode).toBe(0);
    expect(pages.length).toBe(2);
    expect(freed).toEqual([true]);
    expect(secure).toBe(true);
    expect(host.filter((pa) => pages.includes(pa))).toEqual([]);
  });

  for (const ending of ['EAPP_RETURN', 'FAULT']) {
    it(`an enclave that ends by ${ending} while attached leaves: its object's pages are zeroed and free, and the key is unknown`, () => {
      const pages: number[] = [];
      let monitor: Monitor | undefined;
      const { transcript } = runScenario({
        files: { 'l.elf': program('shm-leaver', ending === 'FAULT' ? ['FAULT'] : []), 'g.elf': program('shm-garbage') },
        steps: ['run:leaver:l.elf', 'run:g:g.elf'],
        inspect: (m) => {
          monitor = m;
          watchObjects(m, pages, () => {});
        },
      });
      const ended = ending === 'FAULT' ? ['monitor: leaver killed: load page fault, address 0x10', 'host: run leaver: status -19, value 0x0'] : ['host: run leaver: status 0, value 0x0'];
      const expected = ['leaver: object at 0x3ffffff000', ...ended, 'garbage: shmget 0 bytes: -1 (-16)'];
      expect(transcript.split('\n').slice(0, expected.length)).toEqual(expected);
      expect(transcript).toContain('garbage: shmat an unknown key: 0 (-10)\n');
      // Two objects were made (the leaver's, then the garbage enclave's own, freed by its detach).
      expect(pages.length).toBe(2);
      expect(pages.map((pa) => monitor!.securePool.ownerOf(pa))).toEqual([PAGE_FREE, PAGE_FREE]);
      expect(monitor!.machine.readPhys(pages[0], 4096).every((b) => b === 0)).toBe(true);
      expect(leakedSecrets(transcript)).toEqual([]);
    });
  }

  it('an enclave that never attached faults on the shared VA and is destroyed alone; the keeper serves on and no secret byte shows', () => {
    const result = runScenario({
      files: { 'k.elf': program('shm-keeper'), 's.elf': program('shm-snoop'), 'p.elf': program('shm-partner') },
      steps: ['server:keeper:k.elf', 'run:snoop:s.elf', 'run:partner:p.elf'],
    });
    expect(result.transcript.split('\n').slice(0, 6)).toEqual([
      'keeper: shm 0x3fffffe000 made',
      'snoop: reading 0x3ffffff000',
      'monitor: snoop killed: load page fault, address 0x3ffffff000',
      'host: run snoop: status -19, value 0x0',
      'partner: attached at 0x3fffffe000: "hello from the keeper"',
      'partner: stat: 2 users, 0x2000 bytes',
    ]);
    expect(result.transcript).toContain('host: run partner: status 0, value 0x0\n');
    expect(leakedSecrets(result.transcript)).toEqual([]);
  });

  it('the host can reach the pages neither at the enclaves\' VA nor at their physical address', () => {
    const pages: number[] = [];
    const files = { 'k.elf': program('shm-keeper'), 's.elf': program('shm-snoop') };
    const atVa = runScenario({ files, steps: ['server:keeper:k.elf', 'run:snoop:s.elf', `peek:${(SHM_VA + 4096n).toString(16)}`], inspect: (m) => watchObjects(m, pages, () => {}) });
    expect(atVa.transcript).toMatch(/host: peek\nhost faulted: load page fault at pc 0x[0-9a-f]+, address 0x3ffffff000\n$/);
    expect(atVa.exitCode).toBe(139);
    const atPa = runScenario({ files, steps: ['server:keeper:k.elf', 'run:snoop:s.elf', `peek:${pages[1].toString(16)}`] });
    expect(atPa.transcript).toMatch(new RegExp(`host: peek\nhost faulted: load page fault at pc 0x[0-9a-f]+, address 0x${pages[1].toString(16)}\n$`));
    expect(atPa.exitCode).toBe(139);
    expect(leakedSecrets(atVa.transcript + atPa.transcript)).toEqual([]);
  });

  it('garbage arguments to SHM_GET, SHM_ATTACH, SHM_DETACH, SHM_DESTROY, SHM_STAT and SHM_EXTEND_MEMORY get their own codes; the enclave lives on', () => {
    const { transcript } = runScenario({ files: { 'g.elf': program('shm-garbage') }, steps: ['run:g:g.elf'] });
    expect(transcript).toBe(
      [
        'garbage: shmget 0 bytes: -1 (-16)',
        'garbage: shmget 100 bytes: -1 (-16)',
        'garbage: shmget 1 TiB: -1 (-16)',
        'garbage: shmget -1 bytes: -1 (-16)',
        'garbage: shmat an unknown key: 0 (-10)',
        'garbage: shmdt an unknown key: -1 (-10)',
        'garbage: shmdestroy an unknown key: -1 (-10)',
        'garbage: stat an unknown key: -1 (-10)',
        'garbage: shmget key -1: 0x3ffffff000',
        'garbage: stat into NULL: -1 (-16)',
        'garbage: stat into text: -1 (-16)',
        'garbage: stat into the monitor: -1 (-16)',
        'garbage: shm extend memory: -1 (-18)',
        'garbage: shmat own object: same VA 1',
        'garbage: shmdt: 0',
        'garbage: shmdt again: -1 (-10)',
        'garbage: still alive',
        'host: run g: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });
});
