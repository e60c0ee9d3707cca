// CoreMark-style CPU workload: linked-list processing, a matrix kernel, a state machine and
// CRC-16, each iteration folding its results into one CRC that the program prints.
#include "shim.h"

static u16 crc16_byte(u8 data, u16 crc) {
  for (int i = 0; i < 8; i++) {
    u8 x = (u8)((data & 1) ^ (crc & 1));
    data >>= 1;
    if (x) crc = (u16)(((crc ^ 0x4002) >> 1) | 0x8000);
    else crc >>= 1;
  }
  return crc;
}
static u16 crc16(u64 v, u16 crc) {
  for (int i = 0; i < 8; i++) crc = crc16_byte((u8)(v >> (8 * i)), crc);
  return crc;
}

// ---- list processing: find, reverse, merge sort on a list in a static pool
typedef struct Node { struct Node *next; i32 key; i32 value; } Node;
#define LIST_N 64
static Node pool[LIST_N];

static Node *list_build(u32 seed) {
  Node *head = 0;
  for (int i = 0; i < LIST_N; i++) {
    seed = seed * 1103515245u + 12345u;
    pool[i].key = (i32)((seed >> 16) & 0x3ff);
    pool[i].value = i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}
static Node *list_reverse(Node *l) {
  Node *prev = 0;
  while (l) { Node *n = l->next; l->next = prev; prev = l; l = n; }
  return prev;
}
static Node *list_find(Node *l, i32 key) {
  while (l && l->key != key) l = l->next;
  return l;
}
static Node *list_sort(Node *list, int by_value) {
  int insize = 1;
  for (;;) {
    Node *p = list, *tail = 0;
    list = 0;
    int merges = 0;
    while (p) {
      merges++;
      Node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; i++) { psize++; q = q->next; }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        Node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
        else if ((by_value ? p->value - q->value : p->key - q->key) <= 0) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return list;
    insize *= 2;
  }
}
static u16 bench_list(u32 seed, u16 crc) {
  Node *l = list_build(seed);
  l = list_sort(l, 0);
  for (i32 k = 0; k < 16; k++) {
    Node *f = list_find(l, (i32)((seed >> k) & 0x3ff));
    crc = crc16((u64)(f ? f->value : -1), crc);
  }
  l = list_reverse(l);
  l = list_sort(l, 1);
  for (Node *n = l; n; n = n->next) crc = crc16_byte((u8)n->key, crc);
  return crc;
}

// ---- matrix kernel: C = A*B, add a constant, multiply by a vector, bit-extract
#define MAT_N 12
static i16 ma[MAT_N * MAT_N], mb[MAT_N * MAT_N];
static i32 mc[MAT_N * MAT_N];
static u16 bench_matrix(u32 seed, u16 crc) {
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    seed = seed * 1664525u + 1013904223u;
    ma[i] = (i16)((seed >> 8) & 0xff);
    mb[i] = (i16)((seed >> 20) & 0xff);
  }
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      i32 s = 0;
      for (int k = 0; k < MAT_N; k++) s += (i32)ma[i * MAT_N + k] * (i32)mb[k * MAT_N + j];
      mc[i * MAT_N + j] = s;
    }
  i64 acc = 0;
  for (int i = 0; i < MAT_N * MAT_N; i++) {
    mc[i] += 7;
    acc += ((mc[i] >> 2) & 0xf) * ma[i];
  }
  for (int i = 0; i < MAT_N; i++) {
    i64 row = 0;
    for (int j = 0; j < MAT_N; j++) row += (i64)mc[i * MAT_N + j] * mb[j];
    acc ^= row;
  }
  return crc16((u64)acc, crc);
}

// ---- state machine: classify tokens of a generated string (integers, floats, scientific, invalid)
enum { START, INT, S1, FLOAT, EXP, S2, SCI, INVALID, NSTATES };
#define TEXT_N 256
static u8 text[TEXT_N];
static u16 bench_state(u32 seed, u16 crc) {
  static const char alphabet[] = "0123456789.e-+,,5x3.";
  for (int i = 0; i < TEXT_N; i++) {
    seed = seed * 22695477u + 1u;
    text[i] = (u8)alphabet[(seed >> 16) % 20];
  }
  u32 counts[NSTATES] = {0};
  int state = START;
  for (int i = 0; i < TEXT_N; i++) {
    u8 c = text[i];
    if (c == ',') { counts[state]++; state = START; continue; }
    int digit = c >= '0' && c <= '9';
    switch (state) {
      case START: state = digit ? INT : (c == '-' || c == '+') ? S1 : c == '.' ? FLOAT : INVALID; break;
      case S1: state = digit ? INT : c == '.' ? FLOAT : INVALID; break;
      case INT: state = digit ? INT : c == '.' ? FLOAT : c == 'e' ? S2 : INVALID; break;
      case FLOAT: state = digit ? FLOAT : c == 'e' ? S2 : INVALID; break;
      case S2: state = (c == '-' || c == '+') ? EXP : digit ? SCI : INVALID; break;
      case EXP: state = digit ? SCI : INVALID; break;
      case SCI: state = digit ? SCI : INVALID; break;
      default: break;
    }
  }
  counts[state]++;
  for (int s = 0; s < NSTATES; s++) crc = crc16(counts[s], crc);
  return crc;
}

int main(int argc, char **argv) {
  u64 iterations = argc > 1 ? parse_u64(argv[1]) : 1000;
  u16 crc = 0;
  for (u64 it = 0; it < iterations; it++) {
    u32 seed = (u32)(it * 2654435761u) ^ crc;
    crc = bench_list(seed, crc);
    crc = bench_matrix(seed, crc);
    crc = bench_state(seed, crc);
  }
  put_str("coremark-style iterations ");
  put_u64(iterations);
  put_str(" crc ");
  put_hex(crc);
  put_str("\n");
  return 0;
}
