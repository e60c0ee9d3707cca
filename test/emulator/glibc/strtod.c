#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
int main(void) {
  const char *in[] = {"0", "-0", "1.5", "3.14159265358979323846", "1e308", "1e309", "-1e-320", "2.2250738585072011e-308",
    "0x1.8p3", "inf", "-nan", "  42abc", "4.9406564584124654e-324", "1e-400", "123456789012345678901234567890", "0.1"};
  for (int i = 0; i < 16; i++) {
    char *end; errno = 0;
    double d = strtod(in[i], &end);
    float f = strtof(in[i], NULL);
    printf("%-28s %.17g %a %.9g errno=%d rest=\"%s\"\n", in[i], d, d, f, errno, end);
  }
  return 0;
}
