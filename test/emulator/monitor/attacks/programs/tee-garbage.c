/* penglaic's trusted-execution calls (202-205) with bad arguments and tampered data: each
 * answers a precise code, writes nothing it should not, and nothing dies. Then the same
 * calls from inside a server call ("tee-probe", the TEE_SERVER build of this file). */
#include "eapp.h"

static const char rodata_page[16] = "read only";
static unsigned char report[328];
static unsigned char zeros[32];
static unsigned char plain[40] = "SEAL-ME-0123456789abcdef0123456789abcde";
static unsigned char blob[40 + EAPP_SEAL_OVERHEAD];
static unsigned char out[40];

static void show(const char *what, unsigned long v) { eapp_print("%s: %ld\n", what, (long)v); }

static int untouched(void) {
  for (int i = 0; i < 40; i++)
    if (out[i] != 0xaa) return 0;
  return 1;
}

static void unseal_expecting_refusal(const char *what, unsigned long length) {
  memset(out, 0xaa, sizeof out);
  long code = (long)eapp_ecall(EAPP_CALL_UNSEAL, (unsigned long)blob, length, (unsigned long)out, 0);
  eapp_print("%s: %ld, output %s\n", what, code, untouched() ? "untouched" : "WRITTEN");
}

#ifdef TEE_SERVER
int EAPP_ENTRY main(unsigned long *args) {
  unsigned char m[32];
  show("probe: caller measurement into NULL", eapp_ecall(EAPP_CALL_CALLER_MEASUREMENT, 0, 0, 0, 0));
  show("probe: caller measurement into the text", eapp_ecall(EAPP_CALL_CALLER_MEASUREMENT, 0x1000, 0, 0, 0));
  show("probe: caller measurement into the monitor", eapp_ecall(EAPP_CALL_CALLER_MEASUREMENT, 0x80000000UL, 0, 0, 0));
  show("probe: caller measurement", eapp_ecall(EAPP_CALL_CALLER_MEASUREMENT, (unsigned long)m, 0, 0, 0));
  unsigned long head = 0;
  for (int i = 0; i < 8; i++) head = head << 8 | m[i];
  eapp_print("probe: caller measurement starts 0x%lx\n", head);
  struct call_enclave_arg_t ret = {0};
  SERVER_RETURN(&ret);
}
#else
int EAPP_ENTRY main(unsigned long *args) {
  show("caller measurement outside a call", eapp_ecall(EAPP_CALL_CALLER_MEASUREMENT, (unsigned long)zeros, 0, 0, 0));

  show("get report", get_report(NULL, report, 7));
  show("verify a report at NULL", eapp_ecall(EAPP_CALL_VERIFY_REPORT, 0, (unsigned long)zeros, 7, 0));
  show("verify a report in the monitor", eapp_ecall(EAPP_CALL_VERIFY_REPORT, 0x80000000UL, (unsigned long)zeros, 7, 0));
  show("verify against a measurement at NULL", eapp_ecall(EAPP_CALL_VERIFY_REPORT, (unsigned long)report, 0, 7, 0));
  show("verify against the wrong measurement", eapp_ecall(EAPP_CALL_VERIFY_REPORT, (unsigned long)report, (unsigned long)zeros, 7, 0));

  show("seal of 0 bytes", eapp_ecall(EAPP_CALL_SEAL, (unsigned long)plain, 0, (unsigned long)blob, 0));
  show("seal of 2^20 bytes", eapp_ecall(EAPP_CALL_SEAL, (unsigned long)plain, 1UL << 20, (unsigned long)blob, 0));
  show("seal from NULL", eapp_ecall(EAPP_CALL_SEAL, 0, 40, (unsigned long)blob, 0));
  show("seal from the monitor", eapp_ecall(EAPP_CALL_SEAL, 0x80000000UL, 40, (unsigned long)blob, 0));
  show("seal into rodata", eapp_ecall(EAPP_CALL_SEAL, (unsigned long)plain, 40, (unsigned long)rodata_page, 0));
  show("seal into NULL", eapp_ecall(EAPP_CALL_SEAL, (unsigned long)plain, 40, 0, 0));
  show("seal", eapp_ecall(EAPP_CALL_SEAL, (unsigned long)plain, 40, (unsigned long)blob, 0));

  memset(out, 0, sizeof out);
  show("unseal", eapp_ecall(EAPP_CALL_UNSEAL, (unsigned long)blob, sizeof blob, (unsigned long)out, 0));
  eapp_print("unsealed: %s\n", (char *)out);
  unseal_expecting_refusal("unseal of 28 bytes", EAPP_SEAL_OVERHEAD);
  unseal_expecting_refusal("unseal cut short by one byte", sizeof blob - 1);
  show("unseal into the text", eapp_ecall(EAPP_CALL_UNSEAL, (unsigned long)blob, sizeof blob, 0x1000, 0));
  blob[EAPP_SEAL_OVERHEAD + 5] ^= 1;
  unseal_expecting_refusal("unseal with one ciphertext bit flipped", sizeof blob);
  blob[EAPP_SEAL_OVERHEAD + 5] ^= 1;
  blob[12] ^= 0x80;
  unseal_expecting_refusal("unseal with a tag bit flipped", sizeof blob);
  blob[12] ^= 0x80;
  blob[0] ^= 1;
  unseal_expecting_refusal("unseal with a nonce bit flipped", sizeof blob);
  blob[0] ^= 1;
  memset(out, 0, sizeof out);
  show("unseal, repaired", eapp_ecall(EAPP_CALL_UNSEAL, (unsigned long)blob, sizeof blob, (unsigned long)out, 0));

  unsigned long probe = acquire_enclave("tee-probe");
  struct call_enclave_arg_t arg = {0};
  show("call the probe", call_enclave(probe, &arg));
  eapp_print("tee garbage: still alive, text intact: %s\n", rodata_page);
  EAPP_RETURN(0);
}
#endif
