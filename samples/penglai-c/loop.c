/* Penglai's demo/test-stop enclave: it never stops by itself. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  eapp_print("loop: running until the host stops it\n");
  for (volatile unsigned long i = 0;; i++) {}
}
