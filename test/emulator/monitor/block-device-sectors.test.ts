// Block persistency (reference §2 ocalls 5 READ_SECT and 6 WRITE_SECT, §8 item 12): the
// host keeps a disk of 4096-byte sectors (Penglai's FS persistency BSIZE) for the whole
// platform run. An enclave moves one sector to or from a buffer in its own memory, or,
// as Penglai's FS server does, through its host shared memory (buffer NULL; a3/a4 at a
// server's every call). Bad sectors and bad buffers answer -1 with their own code.
import { describe, expect, it } from 'vitest';
import { BlockDevice } from '../../../emulator/monitor/block-device.js';
import { program } from './support/programs.js';
import { runScenario } from './support/scenario.js';

const sector7 = 'sector 7 written by the writer';

describe('block device sectors', () => {
  it('a sector one enclave writes is there for the next; bad sectors and buffers get their own codes and the enclave lives on', () => {
    const { transcript } = runScenario({
      files: { 'w.elf': program('disk-user', ['WRITER']), 'r.elf': program('disk-user', ['HOSTILE']) },
      steps: ['run:writer:w.elf', 'run:reader:r.elf'],
    });
    expect(transcript).toBe(
      [
        'disk-user: write 7: 0 (0)',
        'disk-user: read 7: 0 (0)',
        `disk-user: sector 7 says "${sector7}", 0 pattern bytes differ`,
        'disk-user: read 1023: 0 (0)',
        'disk-user: sector 1023 has 0 non-zero bytes',
        'host: run writer: status 0, value 0x0',
        'disk-user: read 7: 0 (0)',
        `disk-user: sector 7 says "${sector7}", 0 pattern bytes differ`,
        'disk-user: read 1023: 0 (0)',
        'disk-user: sector 1023 has 0 non-zero bytes',
        'disk-user: read 1024: -1 (-21)',
        'disk-user: write -1: -1 (-21)',
        'disk-user: read into text: -1 (-16)',
        'disk-user: read into nothing: -1 (-16)',
        'disk-user: read across the stack top: -1 (-16)',
        'disk-user: read into the monitor: -1 (-16)',
        'disk-user: write from nothing: -1 (-16)',
        'disk-user: read into host shm it has not got: -1 (-12)',
        'disk-user: read sector 0 into the kbuffer: 0 (0)',
        'disk-user: still alive',
        'host: run reader: status 0, value 0x0',
        '',
      ].join('\n'),
    );
  });

  it('a file-system server moves sectors through its host shared memory (a3/a4 at every call), which the host sees', () => {
    const disk = new BlockDevice();
    const { transcript } = runScenario({
      files: { 'w.elf': program('disk-user', ['WRITER']), 'fs.elf': program('sector-server'), 'c.elf': program('sector-client', ['SAVE']) },
      steps: ['run:writer:w.elf', 'server:fs:fs.elf', 'shm:fs:0x1000:0x0', 'run:client:c.elf', 'shmpeek:0x0'],
      disk,
    });
    expect(transcript.split('\n').slice(5)).toEqual([
      'host: run writer: status 0, value 0x0',
      'host: shm: 0',
      'sector-server: shm 0x3900000000 (0x1000 bytes), read sector 7: 0',
      'sector-client: sector 7 starts with 0x3720726f74636573 (0)',
      'sector-server: shm 0x3900000000 (0x1000 bytes), write sector 9: 0',
      'sector-client: saved to sector 9 (0)',
      'host: run client: status 0, value 0x0',
      'host: shm word: 0x3720726f74636573', // "sector 7" as a little-endian u64
      '',
    ]);
    expect(disk.written).toBe(true);
    expect(Buffer.from(disk.read(9n).subarray(0, sector7.length)).toString('latin1')).toBe(sector7);
    expect(Buffer.compare(disk.read(9n), disk.read(7n))).toBe(0);
  });

  it('a disk given to the platform is what the enclaves read', () => {
    const image = new Uint8Array(8 * 4096);
    image.set(Buffer.from('sector 7 from a disk image\0', 'latin1'), 7 * 4096);
    const { transcript } = runScenario({ files: { 'r.elf': program('disk-user') }, steps: ['run:reader:r.elf'], disk: new BlockDevice(image) });
    expect(transcript.split('\n')[1]).toBe('disk-user: sector 7 says "sector 7 from a disk image", 4034 pattern bytes differ');
  });
});
