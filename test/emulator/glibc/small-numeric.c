#include <stdio.h>
#include <math.h>
/* A small numeric program: Newton's method, Simpson integration, a 2-D heat stencil, sums. */
static double f(double x) { return x * x * x - 2 * x - 5; }
static double df(double x) { return 3 * x * x - 2; }
int main(void) {
  double x = 2; for (int i = 0; i < 20; i++) x -= f(x) / df(x);
  printf("root %.15f\n", x);
  int n = 1000; double h = M_PI / n, s = sin(0) + sin(M_PI);
  for (int i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * sin(i * h);
  printf("simpson %.15f\n", s * h / 3);
  static double g[32][32], t[32][32];
  for (int i = 0; i < 32; i++) g[i][0] = 100.0;
  for (int it = 0; it < 200; it++) {
    for (int i = 1; i < 31; i++) for (int j = 1; j < 31; j++) t[i][j] = 0.25 * (g[i-1][j] + g[i+1][j] + g[i][j-1] + g[i][j+1]);
    for (int i = 1; i < 31; i++) for (int j = 1; j < 31; j++) g[i][j] = t[i][j];
  }
  printf("heat %.12f %.12f\n", g[16][1], g[16][16]);
  double harm = 0; float harmf = 0; for (int k = 1; k <= 100000; k++) { harm += 1.0 / k; harmf += 1.0f / k; }
  printf("harmonic %.15f %.7f\n", harm, harmf);
  printf("libm %.17g %.17g %.17g %.17g %.17g\n", exp(1.0), log(10.0), pow(2.0, 0.5), atan2(1.0, 3.0), cbrt(27.5));
  printf("fma %.17g sqrt %.17g hypot %.17g\n", fma(1.0 + 0x1p-52, 1.0 - 0x1p-52, -1.0), sqrt(2.0), hypot(3e200, 4e200));
  printf("round %g %g %g %g %ld\n", floor(-2.5), ceil(-2.5), round(-2.5), rint(-2.5), lrint(3.5));
  return 0;
}
