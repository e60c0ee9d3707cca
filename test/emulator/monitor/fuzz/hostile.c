/* A hostile enclave for the monitor fuzzer: a seeded stream of ecalls with mostly valid
 * call numbers and argument values picked to hit edges (own pages, other enclaves' VAs,
 * the monitor, unaligned and huge values, half-valid call structs). Built as a normal
 * enclave, or with -DSERVER as a server that fuzzes inside a call and then returns a
 * random struct. The seed mixes SEED with the host's run counter (a2 at entry). */
#include "eapp.h"

#ifndef CALLS
#define CALLS 48
#endif

static unsigned long state;
static unsigned long pointers[8];
static unsigned long handles[2];
static struct call_enclave_arg_t call_args[2];
static char names[3][16] = {"vault", "fz", "fz"};

static unsigned long next(void) {
  unsigned long x = state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  state = x;
  return x;
}

static unsigned long value(void) {
  switch (next() % 20) {
    case 0: return 0;
    case 1: return -1UL;
    case 2: return next() & 0xff;
    case 3: return 4096;
    case 4: return 16384;
    case 5: return 0x1000;
    case 6: return 0xffffffe000000000UL; /* kbuffer */
    case 7: return 0x2ffffff000UL - (next() % 8) * 4096;
    case 8: return 0x80000000UL + (next() % 0x4000000);
    case 9: return 0x3800000000UL - (next() % 0x10000);
    case 10: case 11: return pointers[next() % 8];
    case 12: return pointers[next() % 8] + (next() % 8192) - 4096;
    case 13: return (unsigned long)&call_args[next() % 2];
    case 14: return (unsigned long)names[next() % 3];
    case 15: return 1UL << (next() % 64);
    case 16: return handles[next() % 2];
    case 17: return (unsigned long)names[0] + 4090;
    default: return next();
  }
}

/* Calls that answer; the rarer ones below may end the run (EAPP_RETURN, or calls the
 * monitor destroys the enclave for), so they are drawn less often and runs last. */
static const unsigned long numbers[] = {98, 98, 98, 98, 97, 97, 96, 96, 96, 96, 95, 94, 91, 90, 89, 88, 201, 29, 84, 83};
static const unsigned long rare_numbers[] = {99, 93, 92, 200};
static const unsigned long ocalls[] = {1, 1, 2, 3, 4, 7, 8, 5, 6, 9, 9, 10, 11, 12};

static void scramble_call_args(void) {
  unsigned long *words = (unsigned long *)call_args;
  for (int i = 0; i < 12; i++) words[i] = value();
}

static unsigned long raw(unsigned long a6, unsigned long a7, unsigned long a0, unsigned long a1, unsigned long a2, unsigned long a3) {
  register unsigned long x10 asm("a0") = a0, x11 asm("a1") = a1, x12 asm("a2") = a2, x13 asm("a3") = a3, x16 asm("a6") = a6,
                                   x17 asm("a7") = a7;
  asm volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x13), "r"(x16), "r"(x17) : "memory");
  return x10;
}

static void fuzz(void) {
  for (int i = 0; i < CALLS; i++) {
    if (next() % 4 == 0) scramble_call_args();
    unsigned long pick = next() % 256;
    unsigned long a6 = pick == 0 ? next() : 0x100101;
    unsigned long a7;
    if (pick == 1) a7 = next();
    else if (pick == 2) a7 = next() % 256;
    else if (pick < 6) a7 = rare_numbers[next() % (sizeof rare_numbers / sizeof rare_numbers[0])];
    else a7 = numbers[next() % (sizeof numbers / sizeof numbers[0])];
    unsigned long a0 = a7 != 98 ? value() : next() % 16 == 0 ? next() % 14 : ocalls[next() % (sizeof ocalls / sizeof ocalls[0])];
    unsigned long a1 = value();
    /* Mostly well-formed acquire and call, so calls reach the servers and fuzz them too. */
    if (a7 == 97 && next() % 4) a0 = (unsigned long)names[next() % 3];
    if (a7 == 96 && next() % 4) a0 = handles[next() % 2];
    if (a7 == 96 && next() % 4) a1 = (unsigned long)&call_args[next() % 2];
    /* Secure shm keys from a small set, so objects get made, shared, detached and destroyed. */
    if (a7 == 84 || a7 == 83) a0 = next() % 4 ? next() % 4 : a0;
    if (a7 == 98 && a0 >= 9 && a0 <= 11 && next() % 4) a1 = next() % 4;
    /* Sector numbers near the disk's end. */
    if (a7 == 98 && (a0 == 5 || a0 == 6) && next() % 2) a1 = 1020 + next() % 8;
    unsigned long result = raw(a6, a7, a0, a1, value(), value());
    if ((result & 0xfff) == 0 && result > 0x10000) pointers[next() % 8] = result;
    if (a7 == 97 && result < 64) handles[next() % 2] = result;
  }
}

int EAPP_ENTRY main(unsigned long *args) {
  state = (SEED * 0x9e3779b97f4a7c15UL) ^ (args[12] * 0xbf58476d1ce4e5b9UL) ^ args[10] ^ 1;
  for (int i = 0; i < 8; i++) pointers[i] = value();
  pointers[0] = (unsigned long)eapp_mmap(NULL, 4096 * (1 + next() % 4));
  fuzz();
#ifdef SERVER
  scramble_call_args();
  if (next() % 2) {
    call_args[0].req_vaddr = args[11];
    call_args[0].req_size = args[12];
  }
  SERVER_RETURN(&call_args[next() % 2]);
#else
  EAPP_RETURN(0);
#endif
}
