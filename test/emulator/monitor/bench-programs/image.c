/* An enclave whose image holds KIB KiB of initialised data, for creation cost by size. */
#include "eapp.h"

volatile unsigned char payload[KIB * 1024] = {1};

int EAPP_ENTRY main(unsigned long *args) { EAPP_RETURN(payload[0]); }
