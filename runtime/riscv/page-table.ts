// Sv39 page-table entry bits and satp modes (privileged spec v1.12 §4.1.11, §4.3.1, §4.4).

export const PTE_V = 1;
export const PTE_R = 2;
export const PTE_W = 4;
export const PTE_X = 8;
export const PTE_U = 16;
export const PTE_G = 32;
export const PTE_A = 64;
export const PTE_D = 128;
/** The PPN starts at bit 10 of a PTE. */
export const PTE_PPN_SHIFT = 10;

/** satp.MODE values (bits 63..60). */
export const SATP_MODE_BARE = 0;
export const SATP_MODE_SV39 = 8;
