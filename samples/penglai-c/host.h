/* A small host library of our own for Penglai-style hosts under penglaic: the host is a
 * Linux-style U-mode process; enclave driver calls are ecalls with a7 = 0x100100 and
 * a6 = the function (runtime/README.md, "Host-side driver calls"). */
#ifndef PENGLAIC_HOST_H
#define PENGLAIC_HOST_H

typedef unsigned long u64;

#define NORMAL_ENCLAVE 0
#define SERVER_ENCLAVE 1

/* RUN / RESUME statuses (RunStatus): 0 done, 1 relay pages returned, 2 timer, 3 yield. */
#define RUN_DONE 0
#define RUN_RELAY_PAGE 1
#define RUN_TIMER 2

struct enclave {
  const char *name;
  u64 eid;
  long retval;
};

long host_create(struct enclave *e, const char *file, int type);
long host_run(struct enclave *e);
long host_run_sliced(struct enclave *e, u64 slice);
long host_resume(struct enclave *e, u64 slice);
long host_stop(struct enclave *e);
long host_destroy(struct enclave *e);
long host_attest(struct enclave *e, unsigned char report[328], u64 nonce);
void *host_shm_get(u64 size);
long host_shm_bind(struct enclave *e, void *shm, u64 size);
void *host_relay_get(u64 size);
long host_relay_bind(struct enclave *e, void *relay, u64 size);
void host_printf(const char *format, ...);

#endif
