/* Penglai's demo/relay-page: print the relay value, hand the relay pages back to the
 * host, and print again after the host reruns it. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  int *relay = (int *)args[13];
  if (!relay) EAPP_RETURN(-1);
  eapp_print("relay-page: relay value %d, size 0x%lx\n", relay[0], args[14]);
  eapp_ecall(EAPP_CALL_OCALL, OCALL_RETURN_RELAY_PAGE, 0, 0, 0);
  eapp_print("relay-page: after the rerun, relay value %d\n", relay[0]);
  EAPP_RETURN(0);
}
