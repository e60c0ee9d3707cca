/* Server names placed awkwardly in memory: across a page boundary (must work: the
 * monitor reads names page by page), running into an unmapped page, unterminated,
 * unmapped, and too long. */
#include "eapp.h"

static void try_name(const char *what, const char *name) {
  unsigned long handle = acquire_enclave(name);
  long reason = handle == -1UL ? (long)eapp_last_error() : 0;
  struct call_enclave_arg_t arg = {0};
  long status = handle == -1UL ? 1 : (long)call_enclave(handle, &arg);
  eapp_print("%s: handle %ld (%ld), call %ld, resp_val 0x%lx\n", what, (long)handle, reason, status, arg.resp_val);
}

int EAPP_ENTRY main(unsigned long *args) {
  /* Two fresh pages; the top of the mmap area (0x30_0000_0000) is unmapped above them. */
  char *pages = eapp_mmap(NULL, 2 * 4096);
  char *across = pages + 4096 - 2;
  memcpy(across, "vault", 6);
  try_name("\"vault\" across a page boundary", across);
  char *at_end = pages + 2 * 4096 - 5;
  memcpy(at_end, "vault", 5); /* no room for the NUL: the next page is unmapped */
  try_name("\"vault\" running into an unmapped page", at_end);
  memset(pages, 'v', 4096);
  try_name("an unterminated name", pages);
  try_name("a NULL name", NULL);
  try_name("a name in the monitor", (const char *)0x80000000UL);
  try_name("a 15-character name nobody has", "no-such-server!");
  try_name("a 16-character name", "vaultvaultvault!");
  try_name("an empty name", "");
  EAPP_RETURN(0);
}
