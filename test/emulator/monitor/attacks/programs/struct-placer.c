/* A caller that puts its call_enclave_arg_t wherever it may write (its stack, across a
 * page boundary, at odd addresses) and where it may not (its text, nothing at all). Each
 * call pre-fills the fields the return must rewrite (resp_val, resp_vaddr, resp_size)
 * and one it must keep (req_size, with req_vaddr 0: no region). */
#include "eapp.h"

static void call_with(unsigned long handle, const char *where, struct call_enclave_arg_t *arg, unsigned long req) {
  arg->req_arg = req;
  arg->resp_val = 0xbad;
  arg->req_vaddr = 0;
  arg->req_size = 0x77;
  arg->resp_vaddr = 0x1234;
  arg->resp_size = 0x5678;
  long status = (long)call_enclave(handle, arg);
  eapp_print("%s, req_arg %lu: status %ld, resp_val 0x%lx, req_size 0x%lx, resp 0x%lx/0x%lx\n", where, req, status, arg->resp_val,
             arg->req_size, arg->resp_vaddr, arg->resp_size);
}

int EAPP_ENTRY main(unsigned long *args) {
  unsigned long handle = acquire_enclave("placer");
  struct call_enclave_arg_t local;
  char *pages = eapp_mmap(NULL, 2 * 4096);
  for (unsigned long req = 0; req < 4; req++) {
    call_with(handle, "on the stack", &local, req);
    call_with(handle, "across a page boundary", (struct call_enclave_arg_t *)(pages + 4096 - 20), req);
    call_with(handle, "at an odd address", (struct call_enclave_arg_t *)(pages + 1), req);
    call_with(handle, "odd and across the boundary", (struct call_enclave_arg_t *)(pages + 4096 - 3), req);
  }
  long status = (long)call_enclave(handle, (struct call_enclave_arg_t *)(void *)main);
  eapp_print("in its text: status %ld (%ld)\n", status, (long)eapp_last_error());
  status = (long)call_enclave(handle, (struct call_enclave_arg_t *)0x2fffff0000UL);
  eapp_print("nowhere: status %ld (%ld)\n", status, (long)eapp_last_error());
  EAPP_RETURN(0);
}
