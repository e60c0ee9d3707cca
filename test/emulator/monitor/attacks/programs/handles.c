/* Calls through handles that name no server: forged numbers, its own eid, and the eid
 * of a server that died. Each is refused with a reason; the caller goes on. */
#include "eapp.h"

static void try_handle(const char *what, unsigned long handle) {
  struct call_enclave_arg_t arg = {0};
  long status = (long)call_enclave(handle, &arg);
  eapp_print("%s: %ld (%ld)\n", what, status, status == 0 ? 0L : (long)eapp_last_error());
}

int EAPP_ENTRY main(unsigned long *args) {
  try_handle("forged 0x1234", 0x1234);
  try_handle("forged -1", -1UL);
  try_handle("forged 1 << 40", 1UL << 40);
  try_handle("its own eid", get_enclave_id());
  unsigned long fragile = acquire_enclave("fragile");
  try_handle("fragile, first call", fragile);
  try_handle("fragile again, now stale", fragile);
  eapp_print("acquire fragile now: %ld\n", (long)acquire_enclave("fragile"));
  try_handle("vault", acquire_enclave("vault"));
  EAPP_RETURN(0);
}
