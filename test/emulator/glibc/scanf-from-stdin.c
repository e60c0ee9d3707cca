#include <stdio.h>
#include <stdlib.h>
/* Reads "word count price" lines with scanf, then sorts nothing and prints a bill. */
int main(void) {
  double price, total = 0;
  int count, lines = 0;
  char word[32];
  while (scanf("%31s %d %lf", word, &count, &price) == 3) {
    total += count * price;
    lines++;
    printf("%-8s %3d x %8.3f = %10.4f\n", word, count, price, count * price);
  }
  printf("%d lines, total %.4f, mean %.6e\n", lines, total, lines ? total / lines : 0.0);
  FILE *f = fopen("/nonexistent/file", "r");
  printf("fopen of a missing file %s\n", f ? "opened" : "failed");
  return lines == 0;
}
