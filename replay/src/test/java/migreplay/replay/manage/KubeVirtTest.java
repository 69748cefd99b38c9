package migreplay.replay.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** KubeVirt v1.8.0's migration monitor, worked by hand from live-migration-source.go. */
class KubeVirtTest {
  @Test
  void dataSizeIsDecimalGigabytesRoundedUp() {
    assertEquals(1, KubeVirt.dataSizeGb(512L << 20));
    assertEquals(1, KubeVirt.dataSizeGb(1_000_000_000L));
    assertEquals(2, KubeVirt.dataSizeGb(1L << 30)); // 1 GiB = 1.07 GB → 2
    assertEquals(0, KubeVirt.dataSizeGb(0));
  }

  @Test
  void bandwidthGoesToLibvirtInWholeMebibytes() {
    assertEquals(64L << 20, kv(64L << 20, 150, 150, false, false).maxBandwidth());
    assertEquals(1L << 20, kv(1000, 150, 150, false, false).maxBandwidth()); // below 1 MiB: 1
    assertEquals(95L << 20, kv(100_000_000L, 150, 150, false, false).maxBandwidth()); // 95.37 → 95
    assertEquals(0, kv(0, 150, 150, false, false).maxBandwidth());
    assertEquals(64L << 20, Managers.quantityBytes("64Mi"));
    assertEquals(100_000_000L, Managers.quantityBytes("100M"));
  }

  static KubeVirt kv(long bw, long perGib, long progress, boolean postCopy, boolean disruption) {
    return new KubeVirt(bw, perGib, progress, false, postCopy, disruption);
  }

  static List<String> run(KubeVirt k, long[] remaining, long untilNs) {
    NovaTest.Recording c = new NovaTest.Recording();
    Manager m = k.start(512L << 20);
    int i = 0;
    for (long t = m.firstLookNs(); t <= untilNs; t += m.periodNs()) {
      c.now = t;
      c.remaining = remaining[Math.min(i++, remaining.length - 1)];
      m.look(t, c);
      if (!c.log.isEmpty() && c.log.get(c.log.size() - 1).endsWith("cancel")) {
        break; // the migration ends there
      }
    }
    return c.log;
  }

  @Test
  void cancelsAfterTheCompletionTimeoutWithoutPostCopy() {
    // 512 MiB → 1 GB; 2 s per GB: acceptable 2 s; looks at 0.4 k s; whole seconds > 2 first at 3.2 s.
    long[] shrinking = new long[100];
    for (int i = 0; i < shrinking.length; i++) {
      shrinking[i] = 1_000_000 - i;
    }
    assertEquals(List.of("3200000000 cancel"), run(kv(0, 2, 150, false, false), shrinking, 4_000_000_000L));
  }

  @Test
  void startsPostCopyAtTheCompletionTimeoutAndThenDoesNothing() {
    // allowWorkloadDisruption follows allowPostCopy (both true here)
    assertEquals(List.of("3200000000 postcopy"), run(kv(0, 2, 150, true, true), new long[] {5, 5}, 10_000_000_000L));
  }

  @Test
  void pausesWithDisruptionButNoPostCopyThenCancelsAtTwiceTheTime() {
    // acceptable 1 s: pause at 2.0 s (2 > 1) and acceptable 2 s; then cancel when whole seconds > 2: 3.2 s.
    long[] shrinking = new long[100];
    for (int i = 0; i < shrinking.length; i++) {
      shrinking[i] = 1_000_000 - i;
    }
    assertEquals(List.of("2000000000 pause", "3200000000 cancel"),
        run(kv(0, 1, 150, false, true), shrinking, 5_000_000_000L));
  }

  @Test
  void cancelsWhenTheRemainingDataStopsShrinking() {
    // progressTimeout 1 s: the first look (0.4 s) counts as progress (no watermark yet); remaining never
    // shrinks after it, so at 2.4 s the delay is 2 whole seconds > 1: cancel.
    assertEquals(List.of("2400000000 cancel"), run(kv(0, 150, 1, false, false), new long[] {7}, 5_000_000_000L));
  }
}
