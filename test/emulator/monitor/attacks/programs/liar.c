/* A server that answers with a response region it does not own (VARIANT selects which). */
#include "eapp.h"

int EAPP_ENTRY main(unsigned long *args) {
  char stack_page[8192];
  struct call_enclave_arg_t ret = {0};
  ret.req_vaddr = args[11];
  ret.req_size = args[12];
  ret.resp_size = 4096;
#if VARIANT == 1
  ret.resp_vaddr = ((unsigned long)stack_page + 4095) & ~4095UL; /* its stack */
#elif VARIANT == 2
  ret.resp_vaddr = args[11]; /* the caller's own region, lent to it */
#elif VARIANT == 3
  ret.resp_vaddr = 0x1000; /* its text */
#elif VARIANT == 4
  ret.resp_vaddr = (unsigned long)eapp_mmap(NULL, 4096) + 16; /* misaligned */
#elif VARIANT == 5
  ret.resp_vaddr = 0xffffffe000000000UL; /* the kbuffer */
#elif VARIANT == 6
  ret.resp_vaddr = (unsigned long)eapp_mmap(NULL, 4096);
  ret.resp_size = 8192; /* more than it has */
#elif VARIANT == 7
  ret.resp_vaddr = 0x2fffff0000UL; /* nothing there */
#endif
  stack_page[0] = 1;
  eapp_print("liar: answering with 0x%lx\n", ret.resp_vaddr & 0xfff);
  SERVER_RETURN(&ret);
}
