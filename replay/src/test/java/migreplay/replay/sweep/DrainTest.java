package migreplay.replay.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.Exact;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TestTraces;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md, "Shared link and lock-step clock": a drain of one at a time is single runs; several at a time share the link fairly. */
class DrainTest {
  @TempDir Path dir;

  private List<Drain.Guest> guests() throws IOException {
    List<Drain.Guest> out = new ArrayList<>();
    int[] pages = {3000, 1500, 2500};
    for (int i = 0; i < pages.length; i++) {
      RamRanges ram = RamRanges.ofPages(pages[i]);
      long duration = 2_000_000 + i * 300_000L;
      Path t = TestTraces.write(dir.resolve("g" + i + ".trace.arrow"), ram, duration, i == 1 ? 1 : 10_000, 1000,
          TestTraces.random(40 + i, ram, duration, i == 1 ? 1 : 10_000, 20_000 + 10_000 * i));
      out.add(new Drain.Guest(t, "g" + i, pages[i] * 4096L, 0, duration));
    }
    return out;
  }

  private static Drain.Rows files() {
    return TraceReader::open;
  }

  static List<RunSpec> templates(Path any) {
    RunOptions o = RunOptions.defaults(200_000_000L);
    return List.of(
        new RunSpec(any, Algorithm.XEN_PRECOPY, Map.of(), o),
        new RunSpec(any, Algorithm.QEMU_PRECOPY, Map.of(), o),
        new RunSpec(any, Algorithm.QEMU_PRECOPY, Map.of("max_bandwidth", "10MB/s"), o.withStartUs(150_000)),
        new RunSpec(any, Algorithm.IMPROVED_PRECOPY, Map.of(), new RunOptions(150_000_000L, 8, 0,
            migreplay.replay.engine.TraceEnd.LOOP, migreplay.replay.engine.WithinEpoch.SPREAD, 20_000)));
  }

  @Test
  void aGuestsOwnParametersAndStartAreItsSingleRunsOnes() throws IOException {
    List<Drain.Guest> given = guests();
    Drain.Guest g0 = given.get(0);
    Drain.Guest own = new Drain.Guest(g0.trace(), g0.label(), g0.ramBytes(), 0, g0.durationUs(),
        Map.of("max_bandwidth", "4MB/s", "downtime_limit", "50ms"), 700_000);
    List<Drain.Guest> g = List.of(given.get(1), own, given.get(2));
    RunSpec template = templates(g0.trace()).get(1);
    Drain.Outcome d = Drain.run(g, 1, template, true, files());
    Drain.GuestRun r = d.runs().get(1);
    assertTrue(r.waitUs() > 0, "it waited for the first guest");
    assertEquals(700_000, r.traceStartUs(), "its own start in its trace, not the drain's start plus its wait");
    RunSpec alone = new RunSpec(g0.trace(), Algorithm.QEMU_PRECOPY, Map.of("max_bandwidth", "4MB/s",
        "downtime_limit", "50ms"), template.options().withStartUs(700_000));
    assertEquals(alone.run(true), r.result());
    // the others keep the drain's parameters
    assertTrue(d.runs().get(0).result().params().contains("downtime_limit=300ms;"), d.runs().get(0).result().params());
    assertTrue(d.runs().get(0).result().params().contains("max_bandwidth=128MiB/s;"), d.runs().get(0).result().params());
  }

  @Test
  void oneAtATimeIsEachGuestReplayedAloneFromItsWait() throws IOException {
    List<Drain.Guest> g = guests();
    for (RunSpec template : templates(g.get(0).trace())) {
      Drain.Outcome d = Drain.run(g, 1, template, true, files());
      assertEquals(g.size(), d.runs().size());
      long prevEnd = 0;
      for (Drain.GuestRun r : d.runs()) {
        assertTrue(r.startTick() >= prevEnd, "one at a time");
        RunOptions o = template.options().withStartUs(r.traceStartUs());
        RunResult alone = Replayer.run(template.newAlgorithm(), r.guest().trace(), o, true);
        assertEquals(alone, r.result(), template + " " + r.guest().label());
        prevEnd = r.endTick();
      }
    }
  }

  @Test
  void severalAtATimeConserveBytesAndNeverExceedTheLink() throws IOException {
    List<Drain.Guest> g = guests();
    for (RunSpec template : templates(g.get(0).trace())) {
      for (int parallel : new int[] {2, 3}) {
        Drain.Outcome d = Drain.run(g, parallel, template, true, files());
        // A quantum carries at most the link's bits (rounded up to a whole bit per flow).
        long linkBitsPerQuantum = Exact.mulDivUp(template.options().bandwidthBps(), d.quantumTicks(), d.ticksPerSecond());
        java.util.Map<Long, Long> sum = new java.util.TreeMap<>();
        for (Drain.GuestRun r : d.runs()) {
          long bits = 0;
          for (int q = 0; q < r.bitsPerQuantum().length; q++) {
            sum.merge(r.firstQuantum() + q, r.bitsPerQuantum()[q], Long::sum);
            bits += r.bitsPerQuantum()[q];
            assertTrue(r.bitsPerQuantum()[q] >= 0);
          }
          // Bytes conserved: the link carried exactly each guest's bytes.
          assertEquals(r.result().bytesSent() * 8, bits, r.guest().label());
        }
        sum.forEach((q, bits) -> assertTrue(bits <= linkBitsPerQuantum + d.runs().size(),
            "quantum " + q + ": " + bits + " > " + linkBitsPerQuantum));
        String cap = template.params().get("max_bandwidth");
        if (cap != null) {
          // Each migration keeps its own cap while live: at most one 100 ms window's budget (+ the page QEMU 7.2
          // lets over it) in each window; 100 ms of the drain's clock spans at most two of them.
          long capBits = migreplay.replay.params.Units.bandwidthBps(cap);
          long perQuantum = d.quantumTicks();
          for (Drain.GuestRun r : d.runs()) {
            long liveEnd = r.endTick() - (long) Math.ceil((r.result().downtimeS() + 0.1) * d.ticksPerSecond());
            long[] q = r.bitsPerQuantum();
            for (int i = 0; i + 10 <= q.length; i++) {
              if ((r.firstQuantum() + i + 10) * perQuantum > liveEnd) {
                break;
              }
              long bits = 0;
              for (int k = i; k < i + 10; k++) {
                bits += q[k];
              }
              assertTrue(bits <= 2 * (capBits / 10 + 4104 * 8), r.guest().label() + " over its cap at quantum " + i);
            }
          }
        }
        if (parallel == 3 || template.algorithm() != Algorithm.QEMU_PRECOPY) {
          continue;
        }
        // Same again: lock-step is deterministic whatever the threads' timing.
        Drain.Outcome again = Drain.run(g, parallel, template, false, files());
        for (int i = 0; i < d.runs().size(); i++) {
          assertEquals(d.runs().get(i).result(), again.runs().get(i).result());
          assertEquals(d.runs().get(i).endTick(), again.runs().get(i).endTick());
        }
      }
    }
  }

  @Test
  void aGuestWhoseTraceEndedBeforeItsTurnFailsUnderIdle() throws IOException {
    List<Drain.Guest> g = guests();
    // 20 Mbit/s: the first guest (12 MB) takes about 5 s, past the others' traces (2.3 s and 2.6 s).
    RunOptions o = new RunOptions(20_000_000L, 8, 0, migreplay.replay.engine.TraceEnd.IDLE,
        migreplay.replay.engine.WithinEpoch.SPREAD, 0);
    Drain.Outcome d = Drain.run(g, 1, new RunSpec(g.get(0).trace(), Algorithm.XEN_PRECOPY, Map.of(), o), false,
        files());
    assertEquals(3, d.runs().size());
    assertTrue(d.runs().get(0).completed());
    for (Drain.GuestRun r : d.runs().subList(1, 3)) {
      assertEquals(null, r.result());
      assertTrue(r.failure().contains("ended before its migration could start"), r.failure());
      assertEquals(r.startTick(), r.endTick(), "it leaves its slot at once");
      assertTrue(r.startTick() >= d.runs().get(0).endTick());
    }
    assertEquals(2, d.failed());
  }
}
