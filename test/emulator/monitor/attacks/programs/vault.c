/* A victim server holding a secret in its data and in an mmap region; every call checks
 * that neither copy changed and answers resp_val 0x600d. */
#include "eapp.h"

char vault_secret[32] = "VAULT-SECRET-9b1d44e0c3a7f218";
static const char expected[32] = "VAULT-SECRET-9b1d44e0c3a7f218";
static unsigned long calls;
static char *stash;

static int same(const char *a, const char *b) {
  for (int i = 0; i < 32; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

int EAPP_ENTRY main(unsigned long *args) {
  calls++;
  if (!stash) {
    stash = eapp_mmap(NULL, 4096);
    memcpy(stash, vault_secret, 32);
  }
  int intact = same(vault_secret, expected) && same(stash, expected);
  eapp_print("vault: call %lu, secret %s\n", calls, intact ? "intact" : "CHANGED");
  struct call_enclave_arg_t ret = {0};
  ret.req_vaddr = args[11];
  ret.req_size = args[12];
  ret.resp_val = 0x600d;
  SERVER_RETURN(&ret);
}
