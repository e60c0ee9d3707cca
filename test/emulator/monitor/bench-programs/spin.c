/* The benchmark's peer: plain guest computation, to express a round trip in guest
 * instructions of the same machine in the same run. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long x = 1;
  for (unsigned long i = 0; i < LOOPS; i++) x = x * 6364136223846793005UL + i;
  EAPP_RETURN(x);
}
