/* Receives pages sent by name: they are at the relay base (a3/a4) when it starts. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long *relay = (unsigned long *)args[13];
  eapp_print("receiver: pages at 0x%lx, 0x%lx bytes, word 0x%lx\n", (unsigned long)relay, args[14], relay ? relay[0] : 0);
  EAPP_RETURN(0);
}
