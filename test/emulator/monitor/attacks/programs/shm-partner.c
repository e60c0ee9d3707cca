/* The keeper's client: attaches to its secure shm by key, reads the greeting, answers,
 * watches the reference count, and sees the object close and go away. */
#include "eapp.h"

#define KEY 0x5ec

static unsigned long keeper;

static long ask(unsigned long step) {
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = step;
  call_enclave(keeper, &arg);
  return (long)arg.resp_val;
}

static void stat(void) {
  struct shm_dsc dsc = {0, 0};
  int status = eapp_shmstat(KEY, &dsc);
  if (status) eapp_print("partner: stat -1 (%ld)\n", (long)eapp_last_error());
  else eapp_print("partner: stat: %lu users, 0x%lx bytes\n", dsc.ref_count, dsc.shm_size);
}

int EAPP_ENTRY main(unsigned long *args) {
  keeper = acquire_enclave("keeper");
  ask(1);
  char *shm = eapp_shmat(KEY);
  eapp_print("partner: attached at 0x%lx: \"%s\"\n", (unsigned long)shm, shm);
  stat();
  void *again = eapp_shmget(KEY, 4096, 0);
  eapp_print("partner: shmget of a taken key: %ld (%ld)\n", (long)again, (long)eapp_last_error());
  const char reply[] = "thanks, keeper";
  memcpy(shm + 64, reply, sizeof reply);
  ask(2);
  ask(4);
  eapp_print("partner: detach %d\n", eapp_shmdt(KEY));
  char *closed = eapp_shmat(KEY);
  eapp_print("partner: attach after destroy: 0x%lx (%ld)\n", (unsigned long)closed, (long)eapp_last_error());
  stat();
  ask(3);
  stat();
#ifdef FRESH_OBJECT
  /* The key is free again; the new object's pages are zeroed. */
  char *fresh = eapp_shmget(KEY, 8192, 0);
  unsigned long nonzero = 0;
  for (int i = 0; i < 8192; i++) nonzero += fresh[i] != 0;
  eapp_print("partner: new object at 0x%lx, %lu non-zero bytes\n", (unsigned long)fresh, nonzero);
#endif
  EAPP_RETURN(0);
}
