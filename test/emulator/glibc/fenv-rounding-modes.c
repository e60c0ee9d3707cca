#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
int main(void) {
  int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  const char *names[] = {"nearest", "upward", "downward", "towardzero"};
  volatile double one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308;
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    feclearexcept(FE_ALL_EXCEPT);
    double q = one / three, r = -one / three, o = big * 10, u = tiny / 1e10;
    long l = lrint(2.5), k = lrint(-2.5);
    int ex = fetestexcept(FE_ALL_EXCEPT);
    printf("%-10s %.17g %.17g %g %g %ld %ld flags=%#x\n", names[m], q, r, o, u, l, k, ex);
    printf("  sqrt2 %.17g exp1 %.17g sin1 %.17g %a\n", sqrt(2.0), exp(1.0), sin(1.0), nearbyint(0.5));
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double z = 0.0; double inv = one / z; printf("%g %d\n", inv, fetestexcept(FE_DIVBYZERO) != 0);
  long double ld = 1.0L / 3.0L; printf("%.30Lg\n", ld);
  double acc = 0; for (int i = 0; i < 2000; i++) acc += sin(i * 0.01) * cos(i * 0.02) + log1p(i) - pow(1.0001, i);
  printf("acc %.17g\n", acc);
  char buf[64]; snprintf(buf, sizeof buf, "%.3e|%08.3f|%-8.2g|", 6.02214076e23, -3.14159, 1e-5); puts(buf);
  double *v = malloc(100000 * sizeof *v); for (int i = 0; i < 100000; i++) v[i] = i * 0.5; double s = 0; for (int i = 0; i < 100000; i++) s += v[i]; free(v);
  printf("sum %.1f\n", s);
  return 0;
}
