/* Penglai's test-caller host (reference §4), then the relay-page and test-stop demos:
 *  1. servers "test-server" and "test-server1"; a 4-page shm holding 11111 and a 4-page
 *     relay region holding 22222 for the caller; attest the caller; run it.
 *  2. relay-page: the enclave hands its relay pages back (RUN answers 1); the host
 *     clears them and reruns it.
 *  3. test-stop: a loop enclave runs in slices; the host stops it, resumes it, destroys it.
 *  4. secure shm: a keeper server and a partner enclave share an object under a key.
 *  5. block persistency: two notebook instances, one after the other, count their runs in
 *     sector 7 of the host's disk. */
#include "host.h"

#define PAGES4 (4 * 4096)

int main(void) {
  struct enclave server = {"test-server"}, server1 = {"test-server1"}, caller = {"test-caller"};
  if (host_create(&server, "server.elf", SERVER_ENCLAVE) || host_create(&server1, "server1.elf", SERVER_ENCLAVE) ||
      host_create(&caller, "caller.elf", NORMAL_ENCLAVE)) {
    host_printf("host: create failed\n");
    return 1;
  }
  int *shm = host_shm_get(PAGES4);
  shm[0] = 11111;
  int *relay = host_relay_get(PAGES4);
  relay[0] = 22222;
  host_shm_bind(&caller, shm, PAGES4);
  host_relay_bind(&caller, relay, PAGES4);
  static unsigned char report[328];
  host_printf("host: attest test-caller with nonce 1234: %ld\n", host_attest(&caller, report, 1234));
  long status = host_run(&caller);
  host_printf("host: test-caller returned %ld (status %ld)\n", caller.retval, status);
  host_destroy(&server1);
  host_destroy(&server);

  struct enclave relay_demo = {"relay-page"};
  host_create(&relay_demo, "relay-page.elf", NORMAL_ENCLAVE);
  int *pages = host_relay_get(4096);
  pages[0] = 33333;
  host_relay_bind(&relay_demo, pages, 4096);
  status = host_run(&relay_demo);
  while (status == RUN_RELAY_PAGE) {
    host_printf("host: relay-page handed back its pages holding %d; clearing them and rerunning\n", pages[0]);
    pages[0] = 0;
    status = host_resume(&relay_demo, 0);
  }
  host_printf("host: relay-page returned %ld\n", relay_demo.retval);

  struct enclave loop = {"loop"};
  host_create(&loop, "loop.elf", NORMAL_ENCLAVE);
  int slices = 1;
  status = host_run_sliced(&loop, 1000000);
  while (status == RUN_TIMER && slices < 3) {
    status = host_resume(&loop, 1000000);
    slices++;
  }
  host_printf("host: loop preempted %d times; stop: %ld\n", slices, host_stop(&loop));
  host_printf("host: resume the stopped loop for one slice: %ld\n", host_resume(&loop, 1000000));
  host_printf("host: destroy the loop: %ld\n", host_destroy(&loop));

  struct enclave keeper = {"keeper"}, partner = {"partner"};
  if (host_create(&keeper, "keeper.elf", SERVER_ENCLAVE) || host_create(&partner, "partner.elf", NORMAL_ENCLAVE)) {
    host_printf("host: create failed\n");
    return 1;
  }
  host_run(&partner);
  host_printf("host: partner returned %ld\n", partner.retval);
  host_destroy(&partner);
  host_destroy(&keeper);

  for (int i = 0; i < 2; i++) {
    struct enclave notebook = {"notebook"};
    host_create(&notebook, "notebook.elf", NORMAL_ENCLAVE);
    host_run(&notebook);
    host_printf("host: notebook returned %ld\n", notebook.retval);
    host_destroy(&notebook);
  }
  return 0;
}
