/* A host program for the monitor's attack and fuzz suites: a U-mode Linux-style process
 * speaking runtime/README.md's host ABI. Each argv word is one step, run in order:
 *   server:NAME:FILE   create a SERVER enclave NAME from the build file FILE
 *   run:NAME:FILE      create a NORMAL enclave and run it; print its status and value
 *   create:NAME:FILE   create a NORMAL enclave only (to attest it, then start:NAME)
 *   shadow:NAME:FILE   create a SHADOW enclave (a template; each start:NAME forks an instance)
 *   start:NAME[:HEX]   run an enclave made by create: (sliced when a slice is given)
 *   instance:NAME      name the enclave whose eid the last start: answered in a1 (a
 *                      preempted SHADOW instance), for resume:, stop:, finish:, destroy:
 *   slice:NAME:FILE:HEX  create a NORMAL enclave and RUN_SLICED it with that slice
 *   resume:NAME:HEX    RESUME it with that slice (0: to the end)
 *   stop:NAME          STOP it
 *   onhart:NAME        START_ON_HART an enclave made by create: (or a STOPPED one it ran)
 *   join:NAME          JOIN the run START_ON_HART began; print its status and value
 *   queue:NAME         SET_SERVER_POLICY queue on the server created as NAME
 *   finish:NAME:HEX    RESUME with that slice until the run ends; print how many slices
 *   destroy:NAME       destroy the enclave or server created as NAME
 *   peek:HEXVA         the host itself loads a u64 at HEXVA (an attack by the host)
 *   poke:HEXVA         the host itself stores at HEXVA
 *   call:FN:HEX:HEX    a raw driver call with a6 = FN (decimal), a0/a1 as given
 *   attest:NAME:HEX    ATTEST_ENCLAVE on NAME with that nonce; prints the report in hex
 *   shm:NAME:HEXSIZE:HEXVALUE  SHM_GET a block, store VALUE in its first word, bind it to NAME
 *   shmpeek:HEXOFFSET  print the u64 at that offset of the last shared block
 *   relay:NAME:HEXSIZE:HEXVALUE  RELAY_GET a block, store VALUE in its first word, bind it to NAME
 *   relaypeek:HEXOFFSET / relaypoke:HEXOFFSET:HEXVALUE  the host touches its relay block
 *   fuzz:HEXSEED:HEXCOUNT  COUNT driver calls with seeded hostile function numbers and arguments
 *   satp               the host tries to switch page tables itself (csrw satp)
 * Its data holds a planted secret that no enclave may ever print. */
typedef unsigned long u64;

const char host_secret[32] = "HOST-SECRET-77e1c0de77e1c0de";

static u64 syscall6(u64 n, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5) {
  register u64 x10 asm("a0") = a0, x11 asm("a1") = a1, x12 asm("a2") = a2, x13 asm("a3") = a3, x14 asm("a4") = a4,
                                   x15 asm("a5") = a5, x17 asm("a7") = n;
  asm volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x13), "r"(x14), "r"(x15), "r"(x17) : "memory");
  return x10;
}

/* Driver call: a7 = SBI_EXT_PENGLAI_HOST, a6 = fn; answers a0 = status, a1 = value. */
static long driver(u64 fn, u64 a0, u64 a1, u64 *value, u64 a2) {
  register u64 x10 asm("a0") = a0, x11 asm("a1") = a1, x12 asm("a2") = a2, x16 asm("a6") = fn, x17 asm("a7") = 0x100100;
  asm volatile("ecall" : "+r"(x10), "+r"(x11) : "r"(x12), "r"(x16), "r"(x17) : "memory");
  if (value) *value = x11;
  return (long)x10;
}

static u64 length(const char *s) {
  u64 n = 0;
  while (s[n]) n++;
  return n;
}

static void print(const char *s) { syscall6(64, 1, (u64)s, length(s), 0, 0, 0); }

static void print_signed(long v) {
  char buf[24];
  int n = 0;
  u64 u = v < 0 ? -(u64)v : (u64)v;
  do {
    buf[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) print("-");
  char out[24];
  for (int i = 0; i < n; i++) out[i] = buf[n - 1 - i];
  out[n] = 0;
  print(out);
}

static void print_hex(u64 v) {
  char out[19] = "0x";
  int n = 2;
  int started = 0;
  for (int shift = 60; shift >= 0; shift -= 4) {
    int d = (v >> shift) & 15;
    if (d || started || shift == 0) {
      out[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
      started = 1;
    }
  }
  out[n] = 0;
  print(out);
}

static u64 parse_hex(const char *s) {
  u64 v = 0;
  if (s[0] == '0' && s[1] == 'x') s += 2;
  for (; *s && *s != ':'; s++) v = v * 16 + (u64)(*s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10);
  return v;
}

static u64 parse_dec(const char *s) {
  u64 v = 0;
  for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (u64)(*s - '0');
  return v;
}

static u64 last_elf_ptr, last_elf_size;

#define MAX_ENCLAVES 16
static char names[MAX_ENCLAVES][16];
static u64 eids[MAX_ENCLAVES];
static int count;
static u64 shm_va;
static u64 relay_va;
static u64 last_value;

static int find(const char *name) {
  for (int i = 0; i < count; i++) {
    int j = 0;
    while (names[i][j] && names[i][j] == name[j]) j++;
    if (names[i][j] == 0 && (name[j] == 0 || name[j] == ':')) return i;
  }
  return -1;
}

/* "NAME:FILE": create from the file's bytes, mapped like Penglai's elf_args_init. */
static long create(const char *spec, u64 type, u64 *eid) {
  struct {
    char name[16];
    u64 type, elf_ptr, elf_size, stack_size;
    u64 pad;
  } param = {{0}, type, 0, 0, 0, 0};
  int i = 0;
  while (spec[i] && spec[i] != ':' && i < 15) {
    param.name[i] = spec[i];
    i++;
  }
  char file[64];
  const char *f = spec + i + 1;
  int k = 0;
  while (f[k] && f[k] != ':' && k < 63) {
    file[k] = f[k];
    k++;
  }
  file[k] = 0;
  long fd = (long)syscall6(56, (u64)-100, (u64)file, 0, 0, 0, 0);
  if (fd < 0) return -1000;
  u64 stat[16];
  syscall6(80, (u64)fd, (u64)stat, 0, 0, 0, 0);
  param.elf_size = stat[6];
  param.elf_ptr = syscall6(222, 0, param.elf_size, 1, 2, (u64)fd, 0);
  last_elf_ptr = param.elf_ptr;
  last_elf_size = param.elf_size;
  long status = driver(type == 1 ? 90 : 99, (u64)&param, 0, eid, 0); /* type 2: SHADOW through CREATE */
  if (status == 0 && count < MAX_ENCLAVES) {
    for (int k = 0; k < 16; k++) names[count][k] = param.name[k];
    eids[count++] = *eid;
  }
  return status;
}

static u64 fuzz_state;
static unsigned char scratch[3 * 4096];

static u64 fuzz_next(void) {
  u64 x = fuzz_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return fuzz_state = x;
}

/* Arguments that reach edges without letting the monitor scribble over the host's own
 * code, data or stack: reports and keys land in `scratch` or nowhere valid. */
static u64 fuzz_value(void) {
  switch (fuzz_next() % 12) {
    case 0: return 0;
    case 1: return -1UL;
    case 2: return fuzz_next() % 16;
    case 3: return 1UL << (fuzz_next() % 64);
    case 4: return (u64)scratch + (fuzz_next() % 8192);
    case 5: return 0x80000000UL + (fuzz_next() % 0x1000000);
    case 6: return 0x1000;
    case 7: return 0x3800000000UL;
    case 8: return fuzz_next() % 0x100000;
    default: return fuzz_next();
  }
}

static const u64 fuzz_functions[] = {99, 90, 98, 97, 96, 95, 94, 89, 88, 100, 200, 201, 202, 203, 204};

static void fuzz_driver(u64 seed, u64 calls) {
  fuzz_state = seed * 0x9e3779b97f4a7c15UL | 1;
  long ok = 0;
  for (u64 i = 0; i < calls; i++) {
    u64 fn = fuzz_next() % 16 == 0 ? fuzz_next() : fuzz_functions[fuzz_next() % (sizeof fuzz_functions / sizeof fuzz_functions[0])];
    u64 a0 = fuzz_value();
    if ((fn == 99 || fn == 90) && fuzz_next() % 2) {
      /* A create block with garbage fields, sometimes a real ELF behind it. */
      u64 *block = (u64 *)scratch;
      for (int k = 0; k < 6; k++) block[k] = fuzz_value();
      if (fuzz_next() % 2 && last_elf_ptr) {
        block[0] = 0x7a7a0000 | (fuzz_next() & 0xffff); /* a short name */
        block[1] = 0;
        block[2] = fuzz_next() % 2;
        block[3] = last_elf_ptr;
        block[4] = last_elf_size;
        block[5] = fuzz_next() % 4 ? 0 : fuzz_value();
      }
      a0 = (u64)scratch;
    }
    u64 value;
    if (driver(fn, a0, fuzz_value(), &value, fuzz_value()) == 0) ok++;
  }
  print("host: fuzzed ");
  print_signed((long)calls);
  print(" driver calls, ");
  print_signed(ok);
  print(" accepted\n");
}

static int starts(const char *s, const char *prefix) {
  while (*prefix)
    if (*s++ != *prefix++) return 0;
  return 1;
}

/* "host: WHAT NAME: status S, value V" */
static void print_outcome(const char *what, const char *name, long status, u64 value) {
  print(what);
  print(name);
  print(": status ");
  print_signed(status);
  print(", value ");
  print_hex(value);
  print("\n");
}

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) {
    const char *step = argv[a];
    u64 eid = 0, value = 0;
    if (starts(step, "server:")) {
      long status = create(step + 7, 1, &eid);
      if (status != 0) {
        print("host: create server failed: ");
        print_signed(status);
        print("\n");
      }
    } else if (starts(step, "run:")) {
      long status = create(step + 4, 0, &eid);
      if (status == 0) status = driver(97, eid, 0, &value, 0);
      const char *n = step + 4;
      char name[16];
      int k = 0;
      while (n[k] && n[k] != ':' && k < 15) { name[k] = n[k]; k++; }
      name[k] = 0;
      print_outcome("host: run ", name, status, value);
    } else if (starts(step, "create:")) {
      long status = create(step + 7, 0, &eid);
      print("host: create: ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "shadow:")) {
      long status = create(step + 7, 2, &eid);
      print("host: shadow: ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "start:")) {
      int i = find(step + 6);
      const char *n = step + 6;
      while (*n && *n != ':') n++;
      long status = i < 0 ? -1000 : *n ? driver(200, eids[i], parse_hex(n + 1), &value, 0) : driver(97, eids[i], 0, &value, 0);
      last_value = value;
      print("host: start ");
      print(names[i < 0 ? 0 : i]);
      print(": status ");
      print_signed(status);
      print(", value ");
      print_hex(value);
      print("\n");
    } else if (starts(step, "instance:")) {
      if (count < MAX_ENCLAVES) {
        const char *n = step + 9;
        for (int k = 0; k < 15 && n[k]; k++) names[count][k] = n[k];
        eids[count++] = last_value;
      }
    } else if (starts(step, "slice:")) {
      long status = create(step + 6, 0, &eid);
      const char *n = step + 6;
      while (*n && *n != ':') n++;
      n++;
      while (*n && *n != ':') n++;
      if (status == 0) status = driver(200, eid, *n ? parse_hex(n + 1) : 0, &value, 0);
      print("host: slice: status ");
      print_signed(status);
      print(", value ");
      print_hex(value);
      print("\n");
    } else if (starts(step, "resume:") || starts(step, "finish:")) {
      int finish = starts(step, "finish:");
      int i = find(step + 7);
      const char *n = step + 7;
      while (*n && *n != ':') n++;
      u64 slice = *n ? parse_hex(n + 1) : 0;
      long status = -1000, slices = 0;
      do {
        status = i < 0 ? -1000 : driver(95, eids[i], slice, &value, 0);
        slices++;
      } while (finish && (status == 2 || status == 3));
      print(finish ? "host: finish: status " : "host: resume: status ");
      print_signed(status);
      print(", value ");
      print_hex(value);
      if (finish) {
        print(", slices ");
        print_signed(slices);
      }
      print("\n");
    } else if (starts(step, "onhart:") || starts(step, "join:")) {
      int join = starts(step, "join:");
      const char *name = step + (join ? 5 : 7);
      int i = find(name);
      long status = i < 0 ? -1000 : driver(join ? 221 : 220, eids[i], 0, &value, 0);
      print_outcome(join ? "host: join " : "host: onhart ", name, status, value);
    } else if (starts(step, "queue:")) {
      int i = find(step + 6);
      long status = i < 0 ? -1000 : driver(222, eids[i], 1, 0, 0);
      print("host: queue: ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "stop:")) {
      int i = find(step + 5);
      long status = i < 0 ? -1000 : driver(96, eids[i], 0, 0, 0);
      print("host: stop: ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "destroy:")) {
      int i = find(step + 8);
      long status = i < 0 ? -1000 : driver(94, eids[i], 0, 0, 0);
      print("host: destroy ");
      print(step + 8);
      print(": ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "peek:")) {
      volatile u64 *p = (volatile u64 *)parse_hex(step + 5);
      print("host: peek\n");
      print_hex(*p);
      print("\n");
    } else if (starts(step, "poke:")) {
      volatile u64 *p = (volatile u64 *)parse_hex(step + 5);
      print("host: poke\n");
      *p = 0x4141414141414141UL;
      print("host: poked\n");
    } else if (starts(step, "attest:")) {
      static unsigned char report[328];
      const char *n = step + 7;
      int i = find(n);
      while (*n && *n != ':') n++;
      u64 nonce = *n ? parse_hex(n + 1) : 0;
      long status = i < 0 ? -1000 : driver(98, eids[i], (u64)report, &value, nonce);
      print("host: attest ");
      print_signed(status);
      print(" ");
      static const char digits[] = "0123456789abcdef";
      char pair[3] = {0, 0, 0};
      for (int k = 0; k < 328; k++) {
        pair[0] = digits[report[k] >> 4];
        pair[1] = digits[report[k] & 15];
        print(pair);
      }
      print("\n");
    } else if (starts(step, "shm:")) {
      const char *n = step + 4;
      int i = find(n);
      while (*n && *n != ':') n++;
      u64 size = *n ? parse_hex(n + 1) : 0;
      n++;
      while (*n && *n != ':') n++;
      u64 initial = *n ? parse_hex(n + 1) : 0;
      long status = driver(201, size, 0, &shm_va, 0);
      if (status == 0) {
        *(volatile u64 *)shm_va = initial;
        status = i < 0 ? -1000 : driver(202, eids[i], shm_va, 0, size);
      }
      print("host: shm: ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "shmpeek:")) {
      print("host: shm word: ");
      print_hex(*(volatile u64 *)(shm_va + parse_hex(step + 8)));
      print("\n");
    } else if (starts(step, "relay:")) {
      const char *n = step + 6;
      int i = find(n);
      while (*n && *n != ':') n++;
      u64 size = *n ? parse_hex(n + 1) : 0;
      n++;
      while (*n && *n != ':') n++;
      u64 initial = *n ? parse_hex(n + 1) : 0;
      long status = driver(203, size, 0, &relay_va, 0);
      if (status == 0) {
        *(volatile u64 *)relay_va = initial;
        status = i < 0 ? -1000 : driver(204, eids[i], relay_va, 0, size);
      }
      print("host: relay: ");
      print_signed(status);
      print("\n");
    } else if (starts(step, "relaypeek:")) {
      print("host: relay word: ");
      print_hex(*(volatile u64 *)(relay_va + parse_hex(step + 10)));
      print("\n");
    } else if (starts(step, "relaypoke:")) {
      const char *n = step + 10;
      u64 offset = parse_hex(n);
      while (*n && *n != ':') n++;
      *(volatile u64 *)(relay_va + offset) = *n ? parse_hex(n + 1) : 0;
      print("host: relay poked\n");
    } else if (starts(step, "fuzz:")) {
      const char *n = step + 5;
      u64 seed = parse_hex(n);
      while (*n && *n != ':') n++;
      fuzz_driver(seed, *n ? parse_hex(n + 1) : 0);
    } else if (starts(step, "satp")) {
      print("host: csrw satp\n");
      asm volatile(".word 0x18001073"); /* csrw satp, zero (rv64imac has no Zicsr mnemonics) */
      print("host: satp written\n");
    } else if (starts(step, "call:")) {
      const char *s = step + 5;
      u64 fn = parse_dec(s);
      while (*s && *s != ':') s++;
      u64 a0 = *s ? parse_hex(++s) : 0;
      while (*s && *s != ':') s++;
      u64 a1 = *s ? parse_hex(++s) : 0;
      long status = driver(fn, a0, a1, &value, 0);
      print("host: call ");
      print_signed((long)fn);
      print(": ");
      print_signed(status);
      print("\n");
    }
  }
  return 0;
}
