#include <stdio.h>
#include <math.h>
int main(void) {
  double xs[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300, 2.5e-310, 123456789.125, 1.0/3.0};
  for (int i = 0; i < 10; i++) printf("%g %f %e %.17g %a\n", xs[i], xs[i], xs[i], xs[i], xs[i]);
  printf("%f %f %f\n", INFINITY, -INFINITY, NAN);
  float f = 1.1f; printf("%.9g %g\n", f, (double)f * 3);
  printf("%10.3f|%-10.2e|%+g\n", 2.0/3.0, 12345.678, 0.0001);
  return 0;
}
