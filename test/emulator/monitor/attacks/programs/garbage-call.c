/* One ecall the monitor must not accept, chosen by VARIANT, then a print that must
 * never appear. */
#include "eapp.h"

static unsigned long raw(unsigned long a6, unsigned long a7, unsigned long a0, unsigned long a1) {
  register unsigned long x10 asm("a0") = a0, x11 asm("a1") = a1, x16 asm("a6") = a6, x17 asm("a7") = a7;
  asm volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x16), "r"(x17) : "memory");
  return x10;
}

int EAPP_ENTRY main(unsigned long *args) {
#if VARIANT == 1
  raw(0x100101, 12345, 0, 0); /* unknown enclave call */
#elif VARIANT == 2
  raw(0x100100, 97, 0, 0); /* a host driver call from inside an enclave */
#elif VARIANT == 3
  raw(0, 64, 1, 0); /* a Linux write */
#elif VARIANT == 4
  raw(0x100101, 98, 77, 0); /* unknown ocall */
#elif VARIANT == 5
  raw(0x100101, -1UL, -1UL, -1UL); /* all ones */
#endif
  eapp_print("garbage: still alive\n");
  EAPP_RETURN(0);
}
