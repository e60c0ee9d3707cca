// The measurement an enclave will get, predicted from its ELF alone: the pages the loader
// (enclave-loader.ts) maps, in the VA order in which the monitor walks the page table,
// with the same PTE permission bytes, hashed by runtime/measurement.ts (reference §1).
// A verifier compares attestation reports against this (attestation.ts verifyReport).
import { DEFAULT_STACK_SIZE, EnclaveVA, PAGE_SIZE } from '../../runtime/abi.js';
import { NORMAL_IDENTITY, measure, type EnclaveIdentity, type MeasuredPage } from '../../runtime/measurement.js';
import { checkLayout, loadedSegments } from './enclave-layout.js';
import { USER_RW, permissionsFromElfFlags } from './address-space.js';
import type { ElfImage } from './elf-image.js';
import { leafBits } from './page-table.js';

const page = BigInt(PAGE_SIZE);

/**
 * The measurement, or why the image could not be created (the loader's own words,
 * enclave-layout.ts): checked before any page is built, so a hostile ELF costs nothing.
 */
export function planMeasurement(
  image: ElfImage,
  stackSize = DEFAULT_STACK_SIZE,
  identity: EnclaveIdentity = NORMAL_IDENTITY,
): { measurement: Uint8Array } | { error: string } {
  const loaded = loadedSegments(image);
  const error = checkLayout(loaded, stackSize);
  if (error) return { error };
  return { measurement: pagesMeasurement(loaded, stackSize, identity) };
}

/** The measurement of an image known to be valid; an invalid one is a caller's mistake (use planMeasurement). */
export function predictMeasurement(image: ElfImage, stackSize = DEFAULT_STACK_SIZE, identity: EnclaveIdentity = NORMAL_IDENTITY): Uint8Array {
  const planned = planMeasurement(image, stackSize, identity);
  if ('error' in planned) throw new Error(`predictMeasurement: ${planned.error}`);
  return planned.measurement;
}

function pagesMeasurement(image: ElfImage, stackSize: number, identity: EnclaveIdentity): Uint8Array {
  const pages = new Map<bigint, MeasuredPage>();
  const fresh = (va: bigint, permissions: number) => {
    if (!pages.has(va)) pages.set(va, { va, permissions, contents: new Uint8Array(PAGE_SIZE) });
    return pages.get(va)!;
  };
  for (const segment of image.segments) {
    const bits = Number(leafBits(permissionsFromElfFlags(segment.flags)) & 0xffn);
    const start = segment.vaddr & ~(page - 1n);
    for (let va = start; va < segment.vaddr + BigInt(segment.memSize); va += page) fresh(va, bits);
    for (let i = 0; i < segment.data.length; ) {
      const at = segment.vaddr + BigInt(i);
      const offset = Number(at & (page - 1n));
      const chunk = Math.min(segment.data.length - i, PAGE_SIZE - offset);
      fresh(at - BigInt(offset), bits).contents.set(segment.data.subarray(i, i + chunk), offset);
      i += chunk;
    }
  }
  const rw = Number(leafBits(USER_RW) & 0xffn);
  const stack = Math.ceil(stackSize / PAGE_SIZE) * PAGE_SIZE;
  for (let va = EnclaveVA.STACK_TOP - BigInt(stack); va < EnclaveVA.STACK_TOP; va += page) fresh(va, rw);
  fresh(EnclaveVA.KBUFFER, rw);
  // The page-table walk visits the low half of Sv39 before the sign-extended high half.
  const order = (va: bigint) => BigInt.asUintN(64, va);
  const sorted = [...pages.values()].sort((a, b) => (order(a.va) < order(b.va) ? -1 : order(a.va) > order(b.va) ? 1 : 0));
  return measure(image.entry, sorted, identity);
}
