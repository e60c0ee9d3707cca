/* Reaches for memory outside the enclave: TARGET is read (or written with -DWRITE) and
 * whatever is found is printed, so a leak would show in the transcript. */
#include "eapp.h"

/* The attacker's own data page, at the VA where the vault keeps its secret. */
volatile unsigned long own_data[4] = {0xa77ac4e4};

int EAPP_ENTRY main(unsigned long *args) {
  volatile unsigned long *p = (volatile unsigned long *)(TARGET);
  eapp_print("attacker: reaching for 0x%lx\n", (unsigned long)(TARGET));
#ifdef WRITE
  *p = 0x4141414141414141UL;
  eapp_print("attacker: wrote it\n");
  EAPP_RETURN(0);
#else
  unsigned long v = *p;
  eapp_print("attacker: read 0x%lx\n", v);
  EAPP_RETURN(v);
#endif
}
