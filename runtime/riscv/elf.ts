// ELF64 constants and record sizes (System V gABI, "Object Files"; RISC-V psABI "ELF Object
// Files" for EM_RISCV, e_flags and attributes). One place for the numbers the compiler's
// writer and reader and the emulator's loader share.

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_RISCV = 243;
/** e_flags bit: the image contains compressed instructions (psABI "File Header"). */
export const EF_RISCV_RVC = 0x1;
/** e_flags bits 2..1: the float ABI (0 soft, 1 single, 2 double). */
export const EF_RISCV_FLOAT_ABI = 0x6;

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_RISCV_ATTRIBUTES = 0x70000003;
/** Tag_RISCV_arch (psABI "Attributes"): a NUL-terminated ISA string. */
export const TAG_RISCV_ARCH = 5;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
