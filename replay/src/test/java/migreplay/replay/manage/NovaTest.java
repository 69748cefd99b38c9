package migreplay.replay.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nova's downtime steps and monitor loop, worked by hand from nova/virt/libvirt/migration.py and driver.py. */
class NovaTest {
  static Nova nova(long downtime, int steps, long delay, long timeout, boolean forceComplete, boolean postCopy) {
    return new Nova(downtime, steps, delay, timeout, forceComplete, postCopy, false, 0);
  }

  @Test
  void theDocstringsExample() {
    // downtime_steps' docstring: 10 steps, 30 s delay, 3 GB, 400 ms: delay = int(30 × 3) = 90; base = 400 / 10
    // = 40; offset = (400 − 40) / 10 = 36; step i = (90 i, 40 + 36 i).
    List<Nova.Step> expected = new ArrayList<>();
    int[] ms = {40, 76, 112, 148, 184, 220, 256, 292, 328, 364, 400};
    for (int i = 0; i <= 10; i++) {
      expected.add(new Nova.Step(90L * i, ms[i]));
    }
    assertEquals(expected, nova(400, 10, 30, 800, false, false).downtimeSteps(3));
  }

  @Test
  void theDefaultsForA512MiBGuest() {
    // 512 MiB = 0.5 GiB < 2: data_gb = 2. Defaults 500 ms, 10 steps, 75 s: delay = int(75 × 2) = 150;
    // base = 50, offset = (500 − 50) / 10 = 45.
    assertEquals(2.0, Nova.dataGb(512L << 20));
    assertEquals(4.0, Nova.dataGb(4L << 30));
    List<Nova.Step> steps = nova(500, 10, 75, 800, false, false).downtimeSteps(Nova.dataGb(512L << 20));
    assertEquals(List.of(new Nova.Step(0, 50), new Nova.Step(150, 95), new Nova.Step(300, 140),
        new Nova.Step(450, 185), new Nova.Step(600, 230), new Nova.Step(750, 275), new Nova.Step(900, 320),
        new Nova.Step(1050, 365), new Nova.Step(1200, 410), new Nova.Step(1350, 455), new Nova.Step(1500, 500)),
        steps);
  }

  @Test
  void stepsTruncateAsPythonsIntDoes() {
    // 100 ms in 3 steps over 2 GiB at 3 s/GiB: delay 6; base = 100/3 = 33.333333333333336, offset =
    // (100 − base)/3 = 22.222222222222218; base + 3 × offset = 99.99999999999999... in Python int() gives 100
    // (33.333333333333336 + 66.66666666666666 = 100.0 in IEEE doubles), 55.55 → 55, 77.77 → 77.
    assertEquals(List.of(new Nova.Step(0, 33), new Nova.Step(6, 55), new Nova.Step(12, 77), new Nova.Step(18, 100)),
        nova(100, 3, 3, 800, false, false).downtimeSteps(2));
  }

  @Test
  void forceCompleteRunsAtTheNextLookAndPausesWithoutPostCopy() {
    // completion timeout int(3 × 2) = 6 s: the look at 6 s queues force-complete; run_tasks at 6.5 s pauses.
    Recording c = new Recording();
    Manager m = nova(100, 3, 3, 3, true, false).start(512L << 20);
    for (long t = m.firstLookNs(); t <= 7_000_000_000L; t += m.periodNs()) {
      c.now = t;
      m.look(t, c);
    }
    // the timeout still holds at 6.5 s: force-complete is queued again and pauses again at 7 s (libvirt's
    // second suspend changes nothing; the migration thread records the pause once)
    assertEquals(List.of("0 downtime 33", "6000000000 downtime 55", "6500000000 pause", "7000000000 pause"), c.log);
  }

  @Test
  void forceCompleteStartsPostCopyWhenPermitted() {
    Recording c = new Recording();
    Manager m = nova(100, 3, 3, 3, true, true).start(512L << 20);
    for (long t = m.firstLookNs(); t <= 8_000_000_000L; t += m.periodNs()) {
      c.now = t;
      m.look(t, c);
    }
    // after the switch no timeout action runs again; downtime steps still run (no effect in post-copy)
    assertEquals(List.of("0 downtime 33", "6000000000 downtime 55", "6500000000 postcopy"), c.log);
  }

  /** Records the calls a manager makes, with the look's time. */
  static final class Recording implements MigrationControl {
    final List<String> log = new ArrayList<>();
    long now;
    long remaining = 1 << 20;

    @Override
    public long remainingBytes() {
      return remaining;
    }

    @Override
    public void setDowntimeLimit(long ms, String why) {
      log.add(now + " downtime " + ms);
    }

    @Override
    public void startPostcopy(String why) {
      log.add(now + " postcopy");
    }

    @Override
    public void pauseGuest(String why) {
      log.add(now + " pause");
    }

    @Override
    public void cancel(String why) {
      log.add(now + " cancel");
    }
  }
}
