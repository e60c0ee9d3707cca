/* A shadow template's program: each instance starts from the template's data, so the
 * counter is 1 in every instance. With -DWRITE_TEXT it tries to write its shared text. */
#include "eapp.h"

static int counter;
static const char greeting[] = "shadow instance";

int EAPP_ENTRY main(unsigned long *args) {
  counter++;
  eapp_print("%s: eid %lu, counter %d\n", greeting, get_enclave_id(), counter);
#ifdef WRITE_TEXT
  *(volatile unsigned int *)0x1000 = 0;
  eapp_print("shadow: wrote the shared text\n");
#endif
  EAPP_RETURN(counter);
}
