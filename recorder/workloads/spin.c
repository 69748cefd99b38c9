#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
int main(void) {
  struct sched_param p = {0};
  if (sched_setscheduler(0, SCHED_IDLE, &p) != 0) { perror("spin: SCHED_IDLE"); return 1; }
  for (;;) __asm__ volatile(".rept 256\n\tnop\n.endr");
}
