/* Recursion that overflows the 64 KiB stack into the unmapped page below it. */
#include "eapp.h"

static unsigned long depth(unsigned long n) {
  volatile char frame[1024];
  frame[0] = (char)n;
  return depth(n + 1) + frame[0];
}

int EAPP_ENTRY main(unsigned long *args) {
  eapp_print("recursion: going down\n");
  EAPP_RETURN(depth(0));
}
