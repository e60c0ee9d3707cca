// The host's block device behind ocalls READ_SECT and WRITE_SECT (reference §2 "block
// persistency for the FS server", §8 item 12). Penglai's driver keeps a 4 MiB file of
// 4096-byte sectors (`enclave-driver/penglai-enclave-persistency.{c,h}`); here it is an
// in-memory disk per platform run, optionally loaded from and saved to a file by the CLI
// (`penglaic run --disk FILE`). The disk is the host's, so whatever an enclave writes
// is visible to the host: an enclave that wants secrecy encrypts (GET_KEY STORAGE_KEY).
import { AbiError, DiskGeometry, EnclaveVA } from '../../runtime/abi.js';
import type { Enclave } from './enclave.js';

export class BlockDevice {
  readonly sectorSize = DiskGeometry.SECTOR_SIZE;
  readonly sectors: number;
  private readonly image: Uint8Array;
  /** Whether any sector was written since the device was made (the CLI saves only then). */
  written = false;

  /** A zeroed disk of `sectors` sectors, or one holding `contents` (zero-padded to whole sectors). */
  constructor(contents?: Uint8Array, sectors: number = DiskGeometry.SECTORS) {
    const needed = contents ? Math.ceil(contents.length / DiskGeometry.SECTOR_SIZE) : 0;
    this.sectors = Math.max(sectors, needed);
    this.image = new Uint8Array(this.sectors * DiskGeometry.SECTOR_SIZE);
    if (contents) this.image.set(contents);
  }

  has(sector: bigint): boolean {
    return sector >= 0n && sector < BigInt(this.sectors);
  }

  /** A copy of one sector; the caller has checked `has`. */
  read(sector: bigint): Uint8Array {
    const at = Number(sector) * this.sectorSize;
    return this.image.slice(at, at + this.sectorSize);
  }

  write(sector: bigint, bytes: Uint8Array): void {
    this.image.set(bytes.subarray(0, this.sectorSize), Number(sector) * this.sectorSize);
    this.written = true;
  }

  /** The whole disk, for saving. */
  contents(): Uint8Array {
    return this.image;
  }
}

/**
 * Ocalls READ_SECT (5) and WRITE_SECT (6): a1 = sector, a2 = VA of a sector-sized buffer
 * in the enclave's own memory, or 0 for Penglai's convention, the start of the enclave's
 * host shared memory (the FS server's `rsect`/`wsect` pass only the sector and use the
 * shm the driver shares). Answers AbiError.OK or a code: BAD_SECTOR past the end of the
 * disk, BAD_STATE for a2 = 0 without host shared memory, BAD_ARGUMENT for a buffer the
 * enclave may not write (read) or read (write). Nothing moves unless every check passes.
 */
export function transferSector(disk: BlockDevice, enclave: Enclave, direction: 'read' | 'write', sector: bigint, bufferVa: bigint): number {
  if (!disk.has(sector)) return AbiError.BAD_SECTOR;
  let va = bufferVa;
  if (va === 0n) {
    if (!enclave.sharedMemory) return AbiError.BAD_STATE;
    va = EnclaveVA.HOST_SHM_BASE;
  }
  if (direction === 'read') return enclave.space.write(va, disk.read(sector)) ? AbiError.OK : AbiError.BAD_ARGUMENT;
  const bytes = enclave.space.read(va, disk.sectorSize);
  if (!bytes) return AbiError.BAD_ARGUMENT;
  disk.write(sector, bytes);
  return AbiError.OK;
}
