/* Block persistency (ocalls READ_SECT / WRITE_SECT): the notebook keeps a run counter in
 * sector 7 of the host's disk. Every run reads it, counts one more run and writes it back,
 * so a new instance (or a later `penglaic run --disk FILE`) continues where the last ended.
 * The disk is the host's: an enclave that needs secrecy encrypts its sectors itself. */
#include "eapp.h"

#define MAGIC 0x6e6f7465626f6f6bUL /* "notebook" */

struct page {
  unsigned long magic;
  unsigned long runs;
  char note[64];
};

static union {
  struct page page;
  char bytes[EAPP_SECTOR_SIZE];
} sector __attribute__((aligned(4096)));

int EAPP_ENTRY main(unsigned long *args) {
  if (eapp_read_sector(7, sector.bytes)) EAPP_RETURN(-1);
  if (sector.page.magic != MAGIC) {
    eapp_print("notebook: sector 7 is blank; starting a notebook\n");
    memset(sector.bytes, 0, sizeof sector.bytes);
    sector.page.magic = MAGIC;
  } else {
    eapp_print("notebook: run %lu found \"%s\"\n", sector.page.runs + 1, sector.page.note);
  }
  sector.page.runs++;
  const char note[] = "written by run ";
  char digits[20];
  int n = 0;
  for (unsigned long runs = sector.page.runs; runs || !n; runs /= 10) digits[n++] = (char)('0' + runs % 10);
  char *end = sector.page.note + sizeof note - 1;
  memcpy(sector.page.note, note, sizeof note - 1);
  while (n) *end++ = digits[--n];
  *end = 0;
  if (eapp_write_sector(7, sector.bytes)) EAPP_RETURN(-1);
  EAPP_RETURN(sector.page.runs);
}
