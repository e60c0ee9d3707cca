/* Block persistency (ocalls READ_SECT / WRITE_SECT). -DWRITER writes sector 7 and reads it
 * back; without it the enclave only reads sector 7 (a later run of the same platform finds
 * what the writer left). -DHOSTILE then tries bad sectors and bad buffers: each answers -1
 * with its own code, and the enclave lives on. */
#include "eapp.h"

static char sector[EAPP_SECTOR_SIZE] __attribute__((aligned(4096)));
static char check[EAPP_SECTOR_SIZE] __attribute__((aligned(4096)));

static void report(const char *what, int status) {
  eapp_print("disk-user: %s: %d (%ld)\n", what, status, status ? (long)eapp_last_error() : 0L);
}

int EAPP_ENTRY main(unsigned long *args) {
#ifdef WRITER
  const char text[] = "sector 7 written by the writer";
  for (int i = 0; i < EAPP_SECTOR_SIZE; i++) sector[i] = (char)(i & 0x7f);
  memcpy(sector, text, sizeof text);
  report("write 7", eapp_write_sector(7, sector));
#endif
  report("read 7", eapp_read_sector(7, check));
  unsigned long differ = 0;
  for (int i = sizeof "sector 7 written by the writer"; i < EAPP_SECTOR_SIZE; i++) differ += check[i] != (char)(i & 0x7f);
  eapp_print("disk-user: sector 7 says \"%s\", %lu pattern bytes differ\n", check, differ);
  report("read 1023", eapp_read_sector(1023, check));
  unsigned long nonzero = 0;
  for (int i = 0; i < EAPP_SECTOR_SIZE; i++) nonzero += check[i] != 0;
  eapp_print("disk-user: sector 1023 has %lu non-zero bytes\n", nonzero);
#ifdef HOSTILE
  report("read 1024", eapp_read_sector(1024, check));
  report("write -1", eapp_write_sector(-1UL, check));
  report("read into text", eapp_read_sector(7, (void *)0x1000));
  report("read into nothing", eapp_read_sector(7, (void *)0x2000000000UL));
  report("read across the stack top", eapp_read_sector(7, (void *)(0x3800000000UL - 100)));
  report("read into the monitor", eapp_read_sector(7, (void *)0x80000000UL));
  report("write from nothing", eapp_write_sector(7, (void *)0x2000000000UL));
  report("read into host shm it has not got", eapp_read_sector(7, NULL));
  report("read sector 0 into the kbuffer", eapp_read_sector(0, EAPP_KBUFFER));
  eapp_print("disk-user: still alive\n");
#endif
  EAPP_RETURN(0);
}
