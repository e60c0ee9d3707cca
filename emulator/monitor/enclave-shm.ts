// Secure inter-enclave shared memory (Penglai's `lib/sbi/sm/enclave_shm.c`; reference §2
// "SBI_SHM_ATTACH (84) and SBI_SHM_STAT (83)", ocalls 9-11). An enclave makes an object
// under a key with ocall SHM_GET; other enclaves that know the key map it with
// SHM_ATTACH; each leaves with SHM_DETACH (or by ending). The pages come from the
// secure pool, belong to no enclave and to no host mapping, and are mapped only in the
// enclaves attached to the object, at or below 0x40_0000_0000 (Penglai maps downward
// from ENCLAVE_DEFAULT_SEC_SHM_BASE the same way).
//
// Stricter than Penglai: an object lives exactly as long as somebody is attached. When
// the last user leaves (detach, exit, fault, destroy), its pages are zeroed and freed
// and the key is free again; Penglai keeps an unreferenced object until some enclave
// destroys it. SHM_DESTROY, allowed only to an attached enclave, closes the object to
// new attaches. Every failure has its own code (Penglai answers -1 or 0 for all).
import { AbiError, EnclaveVA, MAX_SECURE_SHM_SIZE, MAX_SHM_SIZE, PAGE_SIZE, SecureShmStat } from '../../runtime/abi.js';
import { USER_RW } from './address-space.js';
import type { Enclave } from './enclave.js';
import type { PagePool } from './page-pool.js';

/** Owner of secure shm pages in the secure pool: no enclave, so no enclave's teardown frees them. */
const OWNER_SECURE_SHM = -1;
/** Secure shm VAs stay above the host-shm window. */
const FLOOR = EnclaveVA.HOST_SHM_BASE + BigInt(MAX_SHM_SIZE);
const page = BigInt(PAGE_SIZE);

interface SecureShmObject {
  key: bigint;
  pages: number[];
  /** Attached enclaves: eid → where the object is mapped in it. */
  users: Map<number, bigint>;
  /** SHM_DESTROY was asked: no new attaches; freed when the last user leaves. */
  closing: boolean;
}

export class SecureSharedMemory {
  private readonly objects = new Map<bigint, SecureShmObject>();

  constructor(private readonly pool: PagePool) {}

  /** Ocall SHM_GET: a new object of `size` bytes under `key`, attached to `enclave`. Its VA, or an error code. */
  create(enclave: Enclave, key: bigint, size: bigint): bigint | number {
    if (size < page || size % page !== 0n || size > BigInt(MAX_SECURE_SHM_SIZE)) return AbiError.BAD_ARGUMENT;
    if (this.objects.has(key)) return AbiError.NAME_TAKEN;
    const pool = this.pool;
    const pages: number[] = [];
    for (let i = 0n; i < size / page; i++) {
      const pa = pool.allocate(OWNER_SECURE_SHM);
      if (pa === undefined) {
        for (const p of pages) pool.free(p);
        return AbiError.NO_MEM;
      }
      pages.push(pa);
    }
    const object: SecureShmObject = { key, pages, users: new Map(), closing: false };
    const va = this.map(enclave, object);
    if (typeof va === 'number') {
      for (const p of pages) pool.free(p);
      return va;
    }
    this.objects.set(key, object);
    return va;
  }

  /** SHM_ATTACH: the object's VA in `enclave` (the same VA again when already attached), or an error code. */
  attach(enclave: Enclave, key: bigint): bigint | number {
    const object = this.objects.get(key);
    if (!object) return AbiError.NOT_FOUND;
    const mapped = object.users.get(enclave.eid);
    if (mapped !== undefined) return mapped;
    if (object.closing) return AbiError.BAD_STATE;
    return this.map(enclave, object);
  }

  /** Ocall SHM_DETACH: unmaps the object from `enclave`; the last user to leave frees it. */
  detach(enclave: Enclave, key: bigint): number {
    const object = this.objects.get(key);
    if (!object) return AbiError.NOT_FOUND;
    if (!object.users.has(enclave.eid)) return AbiError.BAD_STATE;
    this.unmap(enclave, object);
    return AbiError.OK;
  }

  /** Ocall SHM_DESTROY: only an attached enclave may close an object to new attaches. */
  destroy(enclave: Enclave, key: bigint): number {
    const object = this.objects.get(key);
    if (!object) return AbiError.NOT_FOUND;
    if (!object.users.has(enclave.eid)) return AbiError.NOT_PERMITTED;
    object.closing = true;
    return AbiError.OK;
  }

  /** SHM_STAT: writes `{ ref_count, shm_size }` at `va` in the caller's memory. */
  stat(enclave: Enclave, key: bigint, va: bigint): number {
    const object = this.objects.get(key);
    if (!object) return AbiError.NOT_FOUND;
    const block = new Uint8Array(SecureShmStat.SIZE);
    const view = new DataView(block.buffer);
    view.setBigUint64(SecureShmStat.REF_COUNT, BigInt(object.users.size), true);
    view.setBigUint64(SecureShmStat.SIZE_BYTES, BigInt(object.pages.length * PAGE_SIZE), true);
    return enclave.space.write(va, block) ? AbiError.OK : AbiError.BAD_ARGUMENT;
  }

  /** An enclave that ends leaves every object it was attached to (before its page table goes). */
  leaveAll(enclave: Enclave): void {
    for (const object of [...this.objects.values()]) {
      if (object.users.has(enclave.eid)) this.unmap(enclave, object);
    }
  }

  /** Penglai's placement: just below 0x40_0000_0000, or below the lowest object already mapped there. */
  private map(enclave: Enclave, object: SecureShmObject): bigint | number {
    const size = BigInt(object.pages.length * PAGE_SIZE);
    let top: bigint = EnclaveVA.SECURE_SHM_BASE;
    for (const other of this.objects.values()) {
      const va = other.users.get(enclave.eid);
      if (va !== undefined && va < top) top = va;
    }
    const va = top - size;
    if (va < FLOOR) return AbiError.NO_MEM;
    const table = enclave.space.pageTable;
    for (let i = 0; i < object.pages.length; i++) {
      if (!table.map(va + BigInt(i) * page, object.pages[i], USER_RW)) {
        for (let j = 0; j < i; j++) table.unmap(va + BigInt(j) * page);
        return AbiError.NO_MEM;
      }
    }
    object.users.set(enclave.eid, va);
    return va;
  }

  private unmap(enclave: Enclave, object: SecureShmObject): void {
    const va = object.users.get(enclave.eid)!;
    for (let i = 0; i < object.pages.length; i++) enclave.space.pageTable.unmap(va + BigInt(i) * page);
    object.users.delete(enclave.eid);
    if (object.users.size === 0) {
      for (const pa of object.pages) this.pool.free(pa);
      this.objects.delete(object.key);
    }
  }
}
