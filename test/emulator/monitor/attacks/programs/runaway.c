/* Never stops: a loop with no ecall, so only the monitor's budget can end it. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  eapp_print("runaway: looping\n");
  for (volatile unsigned long i = 0;; i++) {}
}
