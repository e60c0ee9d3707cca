#include <assert.h>
#include <stdio.h>
int main(void) {
  volatile double a = 0.1, b = 0.2;
  printf("checking 0.1 + 0.2 == 0.3\n");
  fflush(stdout);
  assert(a + b == 0.3);
  printf("not reached\n");
  return 0;
}
