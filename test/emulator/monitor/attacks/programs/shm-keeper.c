/* A server that keeps a secure shared-memory object (key 0x5ec, 8 KiB) for its clients.
 * req_arg: 1 create it (once) and write a greeting plus a secret, 2 print the client's reply,
 * 3 detach, 4 destroy (close it to new attaches). resp_val: the result of the step. */
#include "eapp.h"

#define KEY 0x5ec
static char *shm;

int EAPP_ENTRY main(unsigned long *args) {
  struct call_enclave_arg_t ret = {0};
  switch (args[10]) {
    case 1: {
      if (shm) break; /* made already */
      shm = eapp_shmget(KEY, 8192, 0);
      const char greeting[] = "hello from the keeper";
      const char secret[] = "SHM-SECRET-5ec0de5ec0de5ec0";
      memcpy(shm, greeting, sizeof greeting);
      memcpy(shm + 4096, secret, sizeof secret);
      eapp_print("keeper: shm 0x%lx made\n", (unsigned long)shm);
      ret.resp_val = (unsigned long)shm;
      break;
    }
    case 2:
      eapp_print("keeper: the client wrote \"%s\"\n", shm + 64);
      break;
    case 3:
      ret.resp_val = eapp_shmdt(KEY);
      eapp_print("keeper: detach %ld\n", (long)ret.resp_val);
      break;
    case 4:
      ret.resp_val = eapp_shmdestroy(KEY);
      eapp_print("keeper: destroy %ld\n", (long)ret.resp_val);
      break;
  }
  SERVER_RETURN(&ret);
}
