/* A file-system-style server (Penglai's demo/FS persistency): it reads the sector named by
 * req_arg into its host shared memory (a3/a4 at every call, buffer NULL) and answers the
 * first word; with req_arg's top bit set it writes its host shm to that sector instead. */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long request = args[10], shm = args[13], size = args[14];
  struct call_enclave_arg_t ret = {0};
  int write = (request >> 63) != 0;
  unsigned long sector = request & ~(1UL << 63);
  int status = write ? eapp_write_sector(sector, NULL) : eapp_read_sector(sector, NULL);
  eapp_print("sector-server: shm 0x%lx (0x%lx bytes), %s sector %lu: %d\n", shm, size, write ? "write" : "read", sector, status);
  ret.resp_val = status ? (unsigned long)eapp_last_error() : *(volatile unsigned long *)shm;
  SERVER_RETURN(&ret);
}
