/* kvstore: an in-memory hash-table key-value server and a load generator, over a Unix socket pair.
 * The client sends a skewed mix (90% GET, 10% PUT; keys from a power law, seeded) of fixed-size requests;
 * the server keeps 256-byte values in an open-addressing table.
 * usage: kvstore KEYS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VAL 256
struct req { uint32_t op, key; char val[VAL]; };
struct slot { uint32_t key, used; char val[VAL]; };

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static int full(int fd, void *buf, size_t n, int wr) {
  for (size_t d = 0; d < n;) {
    ssize_t r = wr ? write(fd, (char *)buf + d, n - d) : read(fd, (char *)buf + d, n - d);
    if (r <= 0) return -1;
    d += (size_t)r;
  }
  return 0;
}

int main(int argc, char **argv) {
  uint32_t keys = argc > 1 ? (uint32_t)atoi(argv[1]) : 200000, cap = 1;
  while (cap < keys * 2) cap <<= 1;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;
  if (fork() == 0) { /* the load generator */
    struct req q;
    char reply[VAL];
    for (;;) {
      double u = (double)(next() % 1000000 + 1) / 1000000.0;
      q.key = (uint32_t)((double)keys * u * u * u) % keys; /* skewed towards small keys */
      q.op = next() % 10 == 0;                            /* 1 = PUT */
      if (q.op) memset(q.val, (int)(next() & 0xff), VAL);
      if (full(sv[1], &q, sizeof q, 1) || full(sv[1], reply, VAL, 0)) return 0;
    }
  }
  struct slot *t = calloc(cap, sizeof *t);
  struct req q;
  for (uint32_t k = 0; k < keys; k++) { /* load the table */
    uint32_t i = (k * 2654435761u) & (cap - 1);
    while (t[i].used) i = (i + 1) & (cap - 1);
    t[i].used = 1; t[i].key = k; memset(t[i].val, (int)k, VAL);
  }
  while (full(sv[0], &q, sizeof q, 0) == 0) {
    uint32_t i = (q.key * 2654435761u) & (cap - 1);
    while (t[i].used && t[i].key != q.key) i = (i + 1) & (cap - 1);
    if (q.op) memcpy(t[i].val, q.val, VAL);
    if (full(sv[0], t[i].val, VAL, 1)) break;
  }
  return 0;
}
