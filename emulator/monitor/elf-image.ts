// The loadable view of an ELF file that the monitor needs to build an address space.
export interface ElfSegment {
  vaddr: bigint;
  memSize: number;
  /** File bytes of the segment (length = p_filesz); the rest up to memSize is zero. */
  data: Uint8Array;
  /** ELF p_flags: PF_X = 1, PF_W = 2, PF_R = 4. */
  flags: number;
}

export interface ElfImage {
  entry: bigint;
  segments: ElfSegment[];
  /** Symbol name → value, from .symtab (empty when stripped). */
  symbols?: ReadonlyMap<string, bigint>;
}
