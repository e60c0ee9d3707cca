/* Asks the monitor for reports (on itself and on the vault server) and for sealing keys,
 * and prints them in hex for the test to verify. */
#include "eapp.h"

static unsigned char report[328];
static unsigned char key[64];

static void print_bytes(const char *label, const unsigned char *bytes, int n) {
  char line[2 * 64 + 1];
  eapp_print("%s ", label);
  for (int at = 0; at < n; at += 64) {
    int k = 0;
    for (int i = at; i < n && i < at + 64; i++) {
      line[k++] = "0123456789abcdef"[bytes[i] >> 4];
      line[k++] = "0123456789abcdef"[bytes[i] & 15];
    }
    line[k] = 0;
    eapp_print("%s", line);
  }
  eapp_print("\n");
}

static void show(const char *what, unsigned long status) {
  eapp_print("%s: %ld (%ld)\n", what, (long)status, status == 0 ? 0L : (long)eapp_last_error());
}

int EAPP_ENTRY main(unsigned long *args) {
  show("report on itself", eapp_ecall(EAPP_CALL_GET_REPORT, 0, (unsigned long)report, 0x1234, 0));
  print_bytes("self", report, 328);
  show("report on the vault", eapp_ecall(EAPP_CALL_GET_REPORT, (unsigned long)"vault", (unsigned long)report, 0x5678, 0));
  print_bytes("vault", report, 328);
  show("report on nobody", eapp_ecall(EAPP_CALL_GET_REPORT, (unsigned long)"nobody", (unsigned long)report, 1, 0));
  show("report into the text", eapp_ecall(EAPP_CALL_GET_REPORT, 0, 0x1000, 1, 0));
  show("enclave key", eapp_ecall(EAPP_CALL_GET_KEY, 0, (unsigned long)key, 32, 0));
  print_bytes("key0", key, 32);
  show("enclave key again", eapp_ecall(EAPP_CALL_GET_KEY, 0, (unsigned long)key, 32, 0));
  print_bytes("key0", key, 32);
  show("storage key", eapp_ecall(EAPP_CALL_GET_KEY, 1, (unsigned long)key, 64, 0));
  print_bytes("key1", key, 64);
  show("key type 3", eapp_ecall(EAPP_CALL_GET_KEY, 3, (unsigned long)key, 32, 0));
  show("a 65-byte key", eapp_ecall(EAPP_CALL_GET_KEY, 0, (unsigned long)key, 65, 0));
  show("a key into the monitor", eapp_ecall(EAPP_CALL_GET_KEY, 0, 0x80000000UL, 32, 0));
  EAPP_RETURN(0);
}
