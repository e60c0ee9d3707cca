/* A small eapp ABI of our own for C enclaves under penglaic: the same call numbers,
 * registers and structs as Penglai-TVM's lib/app (runtime/README.md lists them), so the
 * demo sources read like Penglai's. No libc: build with -nostdlib and link eapp.S +
 * eapp.c with eapp.lds (text at 0x1000, _start first). */
#ifndef PENGLAIC_EAPP_H
#define PENGLAIC_EAPP_H

typedef unsigned long size_t;
#define NULL ((void *)0)

/* Enclave-side call numbers (a7; a6 = 0x100101). */
#define EAPP_CALL_RETURN 99
#define EAPP_CALL_OCALL 98
#define EAPP_CALL_ACQUIRE 97
#define EAPP_CALL_CALL 96
#define EAPP_CALL_SERVER_RETURN 95
#define EAPP_CALL_GET_REPORT 94
#define EAPP_CALL_GET_CALLER_ID 91
#define EAPP_CALL_GET_ENCLAVE_ID 90
#define EAPP_CALL_YIELD 89
#define EAPP_CALL_GET_KEY 88
#define EAPP_CALL_SHM_STAT 83
#define EAPP_CALL_SHM_ATTACH 84
#define EAPP_CALL_LAST_ERROR 201
/* penglaic's trusted-execution calls (runtime/README.md): each answers 0 or a negative code. */
#define EAPP_CALL_CALLER_MEASUREMENT 202 /* a0 = 32-byte buffer */
#define EAPP_CALL_VERIFY_REPORT 203      /* a0 = report, a1 = expected measurement, a2 = nonce */
#define EAPP_CALL_SEAL 204               /* a0 = plaintext, a1 = bytes, a2 = output (bytes + 28) */
#define EAPP_CALL_UNSEAL 205             /* a0 = sealed blob, a1 = bytes, a2 = output (bytes - 28) */
#define EAPP_SEAL_OVERHEAD 28

/* Ocall ids (a0 of call 98). */
#define OCALL_MMAP 1
#define OCALL_UNMAP 2
#define OCALL_SYS_WRITE 3
#define OCALL_SBRK 4
#define OCALL_READ_SECT 5
#define OCALL_WRITE_SECT 6
#define OCALL_RETURN_RELAY_PAGE 7
#define OCALL_GETRANDOM 8
#define OCALL_SHM_GET 9
#define OCALL_SHM_DETACH 10
#define OCALL_SHM_DESTROY 11
#define OCALL_SHM_EXTEND_MEMORY 12

/* The host's block device: sectors of this many bytes (Penglai's FS persistency BSIZE). */
#define EAPP_SECTOR_SIZE 4096

#define EAPP_KBUFFER ((char *)0xffffffe000000000UL)
#define EAPP_KBUFFER_SIZE 4096
#define EAPP_PRINT_MAX 512

/* struct call_enclave_arg_t: six u64 fields, 48 bytes, in Penglai's order. */
struct call_enclave_arg_t {
  unsigned long req_arg;
  unsigned long resp_val;
  unsigned long req_vaddr;
  unsigned long req_size;
  unsigned long resp_vaddr;
  unsigned long resp_size;
};

/* Penglai's EAPP_ENTRY / EAPP_RESERVE_REG: _start spills x1..x31 into a 256-byte frame
 * and passes it to main, so args[n] is register xn at entry (args[10] = a0 ...). */
#define EAPP_ENTRY __attribute__((section(".text.main")))
int main(unsigned long *args);

/* The raw ecall: a7 = number, a0..a3 = arguments; returns a0. */
unsigned long eapp_ecall(unsigned long number, unsigned long a0, unsigned long a1, unsigned long a2, unsigned long a3);

void EAPP_RETURN(unsigned long retval) __attribute__((noreturn));
void SERVER_RETURN(struct call_enclave_arg_t *ret) __attribute__((noreturn));
unsigned long acquire_enclave(const char *name);
unsigned long call_enclave(unsigned long handle, struct call_enclave_arg_t *arg);
unsigned long get_enclave_id(void);
unsigned long get_caller_id(void);
unsigned long eapp_last_error(void);
void *eapp_mmap(void *addr, size_t size);
int eapp_unmap(void *addr, size_t size);
void *eapp_sbrk(long increment);
int eapp_print(const char *format, ...);
/* Attestation: a 328-byte report_t on itself (name NULL) or on a named server. */
unsigned long get_report(const char *name, void *report, unsigned long nonce);
unsigned long get_key(unsigned long type, void *key, unsigned long size);

/* Block persistency: one sector to or from a EAPP_SECTOR_SIZE buffer of this enclave;
 * buf NULL means the start of its host shared memory (Penglai's FS server convention).
 * 0, or -1 with the reason in eapp_last_error(). */
int eapp_read_sector(unsigned long sector, void *buf);
int eapp_write_sector(unsigned long sector, const void *buf);

/* Secure inter-enclave shared memory (Penglai's lib/app/src/shm.c names): an object under
 * a key, mapped at or below 0x40_0000_0000 in every enclave attached to it. */
struct shm_dsc {
  unsigned long ref_count;
  unsigned long shm_size;
};
void *eapp_shmget(unsigned long key, unsigned long size, unsigned long flags); /* VA, or (void *)-1 */
void *eapp_shmat(unsigned long key);                                          /* VA, or NULL */
int eapp_shmdt(unsigned long key);
int eapp_shmdestroy(unsigned long key);
int eapp_shmstat(unsigned long key, struct shm_dsc *dsc);

void *memset(void *dst, int value, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#endif
