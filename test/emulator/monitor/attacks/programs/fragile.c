/* A server that breaks on its first call (ebreak is a fatal trap in an enclave). */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  asm volatile("ebreak");
  return 0;
}
