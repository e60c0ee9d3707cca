// What an enclave image may be, checked before anything is allocated for it (Penglai's
// check_enclave_layout, plus bounds): the creator (enclave-loader.ts) and the predictor
// (measurement-plan.ts) refuse the same images with the same words.
import { EnclaveVA, PAGE_SIZE } from '../../runtime/abi.js';
import type { ElfImage } from './elf-image.js';
import { DEFAULT_HOST_SIZE, DEFAULT_RAM_SIZE, MONITOR_SIZE } from './layout.js';

const page = BigInt(PAGE_SIZE);
const roundUp = (v: bigint) => (v + page - 1n) & ~(page - 1n);

/** The largest stack CREATE accepts. */
export const MAX_STACK_SIZE = 64 * 1024 * 1024;
/** No image can need more pages than the default machine's whole secure pool. */
export const MAX_IMAGE_PAGES = (DEFAULT_RAM_SIZE - MONITOR_SIZE - DEFAULT_HOST_SIZE) / PAGE_SIZE;

/** The image without its empty PT_LOADs (a linker script's unused data segment maps nothing). */
export function loadedSegments(image: ElfImage): ElfImage {
  return { ...image, segments: image.segments.filter((s) => s.memSize > 0) };
}

/**
 * The leaf pages the image will occupy (segments, stack, kbuffer), counted over the
 * merged page ranges, so the count costs one step per segment whatever its size.
 */
export function imagePages(image: ElfImage, stackSize: number): number {
  const ranges = image.segments
    .map((s) => [s.vaddr & ~(page - 1n), roundUp(s.vaddr + BigInt(s.memSize))] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let pages = 0n;
  let covered = 0n;
  for (const [start, end] of ranges) {
    const from = start > covered ? start : covered;
    if (end > from) pages += (end - from) / page;
    if (end > covered) covered = end;
  }
  return Number(pages) + Math.ceil(stackSize / PAGE_SIZE) + EnclaveVA.KBUFFER_SIZE / PAGE_SIZE;
}

/** Why the image cannot be an enclave with this stack, or undefined. `image` has no empty segments. */
export function checkLayout(image: ElfImage, stackSize: number, maxPages = MAX_IMAGE_PAGES): string | undefined {
  if (image.segments.length === 0) return 'the ELF has no loadable segment';
  let entryOk = false;
  for (const s of image.segments) {
    const end = s.vaddr + BigInt(s.memSize);
    if (s.vaddr < EnclaveVA.TEXT_BASE || end > EnclaveVA.HEAP_BASE || s.data.length > s.memSize) {
      return `segment at 0x${s.vaddr.toString(16)} lies outside the enclave image range [0x1000, 0x${EnclaveVA.HEAP_BASE.toString(16)})`;
    }
    if ((s.flags & 1) !== 0 && image.entry >= s.vaddr && image.entry < end) entryOk = true;
  }
  if (!entryOk) return `the entry point 0x${image.entry.toString(16)} is not in an executable segment`;
  if (!(stackSize > 0 && stackSize <= MAX_STACK_SIZE)) return `stack size ${stackSize} is out of range (1 byte to 64 MiB)`;
  const pages = imagePages(image, stackSize);
  if (pages > maxPages) return `the image needs ${pages} pages of secure memory, more than the ${maxPages} there are`;
  return undefined;
}
