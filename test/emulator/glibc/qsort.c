#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(void) {
  enum { N = 2000 };
  static int v[N]; static double d[N];
  unsigned s = 12345;
  for (int i = 0; i < N; i++) { s = s * 1103515245u + 12345u; v[i] = (int)(s >> 8) - (1 << 22); d[i] = v[i] / 7.0; }
  qsort(v, N, sizeof v[0], cmp_int); qsort(d, N, sizeof d[0], cmp_dbl);
  long sum = 0; for (int i = 0; i < N; i++) sum = sum * 31 + v[i];
  printf("%d %d %d %ld\n", v[0], v[N / 2], v[N - 1], sum);
  printf("%.6f %.6f %.6f\n", d[0], d[N / 2], d[N - 1]);
  const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"};
  qsort(words, 8, sizeof words[0], cmp_str);
  for (int i = 0; i < 8; i++) printf("%s%c", words[i], i == 7 ? '\n' : ' ');
  return 0;
}
