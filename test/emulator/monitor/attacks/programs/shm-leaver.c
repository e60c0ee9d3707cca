/* Makes a secure shm object under key 77, writes a secret into it and ends while still
 * attached: by EAPP_RETURN, or with -DFAULT by a fault. Either way the object must go. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  char *shm = eapp_shmget(77, 4096, 0);
  const char secret[] = "SHM-SECRET-5ec0de5ec0de5ec0";
  memcpy(shm + 100, secret, sizeof secret);
  eapp_print("leaver: object at 0x%lx\n", (unsigned long)shm);
#ifdef FAULT
  eapp_print("leaver: %lx\n", *(volatile unsigned long *)0x10);
#endif
  EAPP_RETURN(0);
}
