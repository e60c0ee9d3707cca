/* Garbage arguments to the secure shm calls (83, 84, ocalls 9-12): each answers with its
 * own code and the enclave lives on. */
#include "eapp.h"

static void say(const char *what, long value) {
  eapp_print("garbage: %s: %ld (%ld)\n", what, value, (long)eapp_last_error());
}

int EAPP_ENTRY main(unsigned long *args) {
  say("shmget 0 bytes", (long)eapp_shmget(1, 0, 0));
  say("shmget 100 bytes", (long)eapp_shmget(1, 100, 0));
  say("shmget 1 TiB", (long)eapp_shmget(1, 1UL << 40, 0));
  say("shmget -1 bytes", (long)eapp_shmget(1, -1UL, 0));
  say("shmat an unknown key", (long)eapp_shmat(77));
  say("shmdt an unknown key", eapp_shmdt(77));
  say("shmdestroy an unknown key", eapp_shmdestroy(77));
  say("stat an unknown key", eapp_shmstat(77, 0));
  char *mine = eapp_shmget(-1UL, 4096, 0);
  eapp_print("garbage: shmget key -1: 0x%lx\n", (unsigned long)mine);
  say("stat into NULL", eapp_shmstat(-1UL, 0));
  say("stat into text", eapp_shmstat(-1UL, (struct shm_dsc *)0x1000));
  say("stat into the monitor", eapp_shmstat(-1UL, (struct shm_dsc *)0x80000000UL));
  say("shm extend memory", (long)eapp_ecall(EAPP_CALL_OCALL, OCALL_SHM_EXTEND_MEMORY, 1, 2, 3));
  eapp_print("garbage: shmat own object: same VA %d\n", eapp_shmat(-1UL) == mine);
  eapp_print("garbage: shmdt: %d\n", eapp_shmdt(-1UL));
  say("shmdt again", eapp_shmdt(-1UL));
  eapp_print("garbage: still alive\n");
  EAPP_RETURN(0);
}
