package migreplay.replay.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-precopy driven by a management layer over a guest that never converges: 256 pages all rewritten every
 * 10 ms (25,600 pages/s) against a wire of one byte per µs (244 pages/s), so the dirty set never drops below
 * the threshold (300 ms at 1,000 B/ms: 73 pages); the trace loops.
 */
class ManagedRunTest {
  @TempDir Path dir;
  Path trace;

  @BeforeEach
  void busyGuest() throws IOException {
    List<long[]> rows = new ArrayList<>();
    for (long t = 0; t < 1_000_000; t += 10_000) {
      for (long p = 0; p < 256; p++) {
        rows.add(new long[] {t, p});
      }
    }
    trace = QemuTraces.write(dir.resolve("busy.trace.arrow"), RamRanges.ofPages(256), 1_000_000, null,
        rows.toArray(long[][]::new));
  }

  RunResult run(String... params) throws IOException {
    Map<String, String> p = QemuGoldenTest.free(params);
    return QemuPrediction.run(trace, RunOptions.defaults(QemuGoldenTest.WIRE), p, true).result();
  }

  @Test
  void novaRaisesTheDowntimeLimitOnItsStepsThenAborts() throws IOException {
    // 1 MiB → data_gb = 2 (the floor). live_migration_downtime 100 ms in 3 steps, 3 s per GiB: delay
    // int(3 × 2) = 6 s; base 100/3 = 33.33, offset 22.22: (0 s, 33), (6 s, 55), (12 s, 77), (18 s, 100)
    // (NovaTest works the doubles). Completion timeout int(10 × 2) = 20 s, action abort. The monitor looks
    // every 0.5 s from 0; a look at the mark applies it (Python's elapsed is a little more than k × 0.5 s).
    RunResult r = run("manager", "nova", "live_migration_downtime", "100", "live_migration_downtime_steps", "3",
        "live_migration_downtime_delay", "3", "live_migration_completion_timeout", "10");
    assertEquals(RunResult.NOT_CONVERGED, r.migrationStatus());
    assertEquals("0s downtime_limit=33ms (nova: downtime step 0 at 0 s); "
        + "6s downtime_limit=55ms (nova: downtime step 1 at 6 s); "
        + "12s downtime_limit=77ms (nova: downtime step 2 at 12 s); "
        + "18s downtime_limit=100ms (nova: downtime step 3 at 18 s); "
        + "20s cancel (nova: not completed after 20 s (live_migration_completion_timeout 10 s per GiB × 2 GiB); "
        + "live_migration_timeout_action abort)", r.managerActions());
    // the cancel is acted on at the first page boundary after the 20 s look
    assertTrue(r.totalTimeS() >= 20 && r.totalTimeS() < 20.004104 + 1e-9, "total " + r.totalTimeS());
    // each action sits in the round that was running at its time
    long withActions = r.roundResults().stream().filter(x -> x.managerActions() != null).count();
    assertTrue(withActions >= 1);
    assertEquals(r.managerActions(), String.join("; ", r.roundResults().stream()
        .map(RoundResult::managerActions).filter(java.util.Objects::nonNull).toList()));
    assertTrue(r.params().contains("max_bandwidth=0;"), r.params()); // libvirt: unlimited
  }

  @Test
  void kubevirtCancelsWithoutPostCopyAndCompletesWithIt() throws IOException {
    // 1 MiB → 1 GB; completion_timeout_per_gib 2: acceptable 2 s; the look at 3.2 s is the first whose whole
    // seconds exceed 2.
    RunResult cancelled = run("manager", "kubevirt", "completion_timeout_per_gib", "2");
    assertEquals(RunResult.NOT_CONVERGED, cancelled.migrationStatus());
    assertEquals("3.2s cancel (kubevirt: not completed after 2 s (completionTimeoutPerGiB))",
        cancelled.managerActions());
    assertNull(cancelled.postcopy());
    assertEquals(0.0, cancelled.downtimeS());

    RunResult postcopy = run("manager", "kubevirt", "completion_timeout_per_gib", "2", "allow_post_copy", "true");
    assertEquals(RunResult.COMPLETED, postcopy.migrationStatus());
    assertEquals("3.2s migrate-start-postcopy (kubevirt: not completed after 2 s, allowPostCopy)",
        postcopy.managerActions());
    RunResult.Postcopy pc = postcopy.postcopy();
    assertNotNull(pc);
    assertTrue(pc.startS() >= 3.2 && pc.startS() < 3.3, "switch at " + pc.startS());
    assertEquals(postcopy.pagesSent(), pc.precopyPages() + pc.postcopyPages());
    assertTrue(pc.postcopyPages() > 0 && pc.postcopyPages() <= 256);
    assertTrue(pc.requests() > 0, "the guest rewrites every page every 10 ms: it faults");
    assertEquals("writes only", pc.faultAccesses());
    RoundResult last = postcopy.roundResults().get(postcopy.roundResults().size() - 1);
    assertEquals(RoundResult.POSTCOPY, last.phase());
    assertEquals(pc.postcopyPages(), last.pagesSent());
    assertEquals(0.0, postcopy.downtimeS()); // stop and sync cost nothing here: the switch takes no time
  }

  @Test
  void kubevirtPausesTheGuestWhenDisruptionIsAllowedWithoutPostCopy() throws IOException {
    // allow_workload_disruption without post-copy: pause at 3.2 s; the paused guest dirties nothing more, so
    // QEMU converges; the downtime runs from the pause to the end.
    RunResult r = run("manager", "kubevirt", "completion_timeout_per_gib", "2", "allow_workload_disruption", "true");
    assertEquals(RunResult.COMPLETED, r.migrationStatus());
    assertTrue(r.managerActions().startsWith("3.2s pause guest (kubevirt"), r.managerActions());
    assertEquals(r.totalTimeS() - 3.2, r.downtimeS(), 0.0042);
  }

  @Test
  void aManagerAndPostcopyStartTogetherAreRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> run("manager", "kubevirt", "postcopy_start", "syncs:2"));
    assertTrue(e.getMessage().contains("the manager decides"), e.getMessage());
  }
}
