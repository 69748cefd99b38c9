/* memwriter: a hot set rewritten constantly and a cold sweep over a large buffer.
 * usage: memwriter HOT_MIB COLD_MIB COLD_PAGES_PER_ROUND */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: memwriter HOT_MIB COLD_MIB COLD_PAGES_PER_ROUND\n");
    return 2;
  }
  size_t hot = (size_t)atoi(argv[1]) << 20, cold = (size_t)atoi(argv[2]) << 20;
  size_t step = (size_t)atoi(argv[3]);
  volatile uint64_t *h = malloc(hot), *c = malloc(cold);
  if (!h || !c) return 1;
  size_t hot_pages = hot / 4096, cold_pages = cold / 4096, cursor = 0;
  for (uint64_t round = 1;; round++) {
    for (size_t p = 0; p < hot_pages; p++) h[p * 512 + (round & 511)] = round; /* every hot page, every round */
    for (size_t k = 0; k < step; k++) {                                        /* a few cold pages per round */
      c[cursor * 512] = round;
      cursor = cursor + 1 == cold_pages ? 0 : cursor + 1;
    }
  }
}
