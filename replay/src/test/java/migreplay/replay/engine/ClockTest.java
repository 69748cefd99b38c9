package migreplay.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The link and the guest clock keep time exactly, in integers. */
class ClockTest {
  @Test
  void aBusyLinkAccumulatesNoRounding() {
    // 3 bit/s in nanoseconds: a byte takes 8/3 s. Back to back, byte k has left at ceil(8k·10^9 / 3) ns,
    // computed from the busy period's start, not by adding rounded durations.
    ConstantLink l = new ConstantLink(3, 1_000_000_000L);
    long t = l.send(0, 1);
    assertEquals(2_666_666_667L, t);
    t = l.send(t, 1);
    assertEquals(5_333_333_334L, t);
    t = l.send(t, 1);
    assertEquals(8_000_000_000L, t); // not 3 × 2,666,666,667
    // Idle until 10 s: a new busy period starts there.
    assertEquals(10_000_000_000L + 2_666_666_667L, l.send(10_000_000_000L, 1));
    // Ticking once per bit time, the clock is exactly the bits sent.
    ConstantLink bits = new ConstantLink(1_000_000_000L, 1_000_000_000L);
    assertEquals(4104 * 8, bits.send(0, 4104));
  }

  @Test
  void theGuestClockRunsAtRationalSpeeds() {
    GuestClock g = new GuestClock(5_000_000, 1_000_000_000L); // starts at trace time 5 s, ns ticks
    assertEquals(5_000_000 + 1_000, g.traceUsAt(1_000_999)); // 1.000999 ms → 1,000 µs, rounded down
    g.setSpeed(2_000_000_000L, 1, 2); // from 2 s on, half speed
    assertEquals(5_000_000 + 2_000_000 + 500_000, g.traceUsAt(3_000_000_000L));
    g.setSpeed(4_000_000_000L, 31, 50); // 0.62 from 4 s on
    assertEquals(5_000_000 + 3_000_000 + 620_000, g.traceUsAt(5_000_000_000L));
  }
}
