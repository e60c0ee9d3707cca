/* Seals a secret to the disk, or unseals what an earlier run left there: sector 3 holds
 * "SEALED" and the blob. Built with FLAVOUR=2 it is another image (one constant differs),
 * so another measurement and another sealing key. */
#include "eapp.h"

#ifndef FLAVOUR
#define FLAVOUR 1
#endif

static const unsigned long flavour = FLAVOUR;
static unsigned char sector[EAPP_SECTOR_SIZE];
static unsigned char secret[32] = "SEALED-SECRET-of-flavour-one";
static unsigned char out[32];

static int marked(void) {
  for (int i = 0; i < 6; i++)
    if (sector[i] != "SEALED"[i]) return 0;
  return 1;
}

int EAPP_ENTRY main(unsigned long *args) {
  eapp_read_sector(3, sector);
  if (!marked()) {
    memcpy(sector, "SEALED", 6);
    long code = (long)eapp_ecall(EAPP_CALL_SEAL, (unsigned long)secret, sizeof secret, (unsigned long)(sector + 8), 0);
    eapp_write_sector(3, sector);
    eapp_print("sealer %lu: sealed to sector 3: %ld\n", flavour, code);
    EAPP_RETURN(0);
  }
  long code = (long)eapp_ecall(EAPP_CALL_UNSEAL, (unsigned long)(sector + 8), sizeof secret + EAPP_SEAL_OVERHEAD, (unsigned long)out, 0);
  eapp_print("sealer %lu: unseal sector 3: %ld, %s\n", flavour, code, code == 0 ? (char *)out : "nothing");
  EAPP_RETURN(0);
}
