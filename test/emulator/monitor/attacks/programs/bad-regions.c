/* Offers the vault request regions the monitor must refuse, then a good one. Each
 * refusal is -1 with the precise reason in LAST_ERROR; the caller is not destroyed. */
#include "eapp.h"

static const struct call_enclave_arg_t read_only_arg = {0};

static void try_call(unsigned long handle, const char *what, struct call_enclave_arg_t *arg) {
  long status = (long)call_enclave(handle, arg);
  long reason = status == 0 ? 0 : (long)eapp_last_error();
  eapp_print("%s: %ld (%ld)\n", what, status, reason);
}

static void try_region(unsigned long handle, const char *what, unsigned long va, unsigned long size) {
  struct call_enclave_arg_t arg = {0};
  arg.req_vaddr = va;
  arg.req_size = size;
  try_call(handle, what, &arg);
}

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("vault");
  char *a = eapp_mmap(NULL, 2 * 4096);
  char *b = eapp_mmap(NULL, 4096);
  char stack_page[8192];
  unsigned long stack_va = ((unsigned long)stack_page + 4095) & ~4095UL;
  try_region(handle, "misaligned", (unsigned long)a + 8, 4096);
  try_region(handle, "too small", (unsigned long)a, 100);
  try_region(handle, "not whole pages", (unsigned long)a, 4096 + 512);
  try_region(handle, "zero size", (unsigned long)a, 0);
  try_region(handle, "past the end of the region", (unsigned long)a, 4 * 4096);
  try_region(handle, "across two regions", (unsigned long)b, 3 * 4096);
  try_region(handle, "the stack", stack_va, 4096);
  try_region(handle, "the text", 0x1000, 4096);
  try_region(handle, "the kbuffer", 0xffffffe000000000UL, 4096);
  try_region(handle, "a VA it never mapped", 0x2f00000000UL, 4096);
  try_region(handle, "a huge size", (unsigned long)a, 1UL << 62);
  try_call(handle, "an unmapped arg struct", (struct call_enclave_arg_t *)0x10);
  try_call(handle, "a read-only arg struct", (struct call_enclave_arg_t *)&read_only_arg);
  try_call(handle, "an arg struct across the end of the stack", (struct call_enclave_arg_t *)(0x3800000000UL - 16));
  a[0] = 'k';
  try_region(handle, "the whole first region", (unsigned long)a, 2 * 4096);
  try_region(handle, "half of it", (unsigned long)a + 4096, 4096);
  eapp_print("caller: region still holds %c\n", a[0]);
  EAPP_RETURN(0);
}
