/* Secure shared memory, the client's side: asks the keeper to make the object, attaches
 * to it by key, reads the greeting, answers in place, and sees the object close. */
#include "eapp.h"

#define KEY 0x5ec

static unsigned long keeper;

static unsigned long ask(unsigned long step) {
  struct call_enclave_arg_t arg = {0};
  arg.req_arg = step;
  call_enclave(keeper, &arg);
  return arg.resp_val;
}

static void stat(void) {
  struct shm_dsc dsc = {0, 0};
  if (eapp_shmstat(KEY, &dsc)) eapp_print("partner: no object under 0x%x (%ld)\n", KEY, (long)eapp_last_error());
  else eapp_print("partner: object 0x%x: %lu attached, 0x%lx bytes\n", KEY, dsc.ref_count, dsc.shm_size);
}

int EAPP_ENTRY main(unsigned long *args) {
  keeper = acquire_enclave("keeper");
  ask(1);
  char *shm = eapp_shmat(KEY);
  eapp_print("partner: attached at 0x%lx: \"%s\"\n", (unsigned long)shm, shm);
  stat();
  const char reply[] = "thanks, keeper";
  memcpy(shm + 64, reply, sizeof reply);
  ask(2);
  eapp_print("partner: keeper closed the object: %ld\n", (long)ask(3));
  stat();
  eapp_print("partner: detach %d\n", eapp_shmdt(KEY));
  stat();
  char *again = eapp_shmat(KEY);
  eapp_print("partner: attach again: 0x%lx (%ld)\n", (unsigned long)again, (long)eapp_last_error());
  EAPP_RETURN(0);
}
