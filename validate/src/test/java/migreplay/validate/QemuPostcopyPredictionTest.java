package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.replay.params.Units;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A post-copy record (recorder/migrate.sh --postcopy-after) is predicted with the switch where the harness made it. */
class QemuPostcopyPredictionTest {
  @TempDir Path dir;

  @Test
  void theModelSwitchesWhenTheHarnessDid() throws Exception {
    Path t = dir.resolve("busy.trace.arrow");
    new SyntheticTrace(RamRanges.ofPages(4096), 20_000_000, 10_000, 7,
        List.of(WriterSpec.parse("hot:pages=2000,p=0.9"))).write(t,
        TraceMetadata.builder().hypervisor("kvm").workload("synthetic"), e -> {});
    QemuPredictor model = new QemuPredictor(Units.bandwidthBps("1Gbit"));
    MigrationRecord.Request pre = new MigrationRecord.Request("7.2", Accelerator.KVM, 4L << 20, 300, 30, false);
    MigrationRecord.Request post = new MigrationRecord.Request("7.2", Accelerator.KVM, 4L << 20, 300, 30, false, 2.0);
    MigrationRecord.Guest guest = new MigrationRecord.Guest("busy.trace.arrow", 1.0, 1.0, MeasuredGuestSpeed.NONE,
        (4096 + 4242) * 4096L, 4096);
    Totals notConverged = new Totals(30, 0, 0, 0, 0, 0, 0, 0, false);
    Totals precopy = model.predict(new MigrationRecord(dir.resolve("pre.json"), "synthetic", pre, guest, notConverged,
        List.of(), null), t, Map.of()).totals();
    assertTrue(!precopy.converged(), "2,000 pages at 0.9 per 10 ms never converge at 4 MiB/s");
    assertEquals(0, precopy.postcopyBytes());
    Totals postcopy = model.predict(new MigrationRecord(dir.resolve("post.json"), "synthetic", post, guest,
        new Totals(3, 0, 0, 0, 0, 0, 0, 0, true), List.of(), null), t, Map.of()).totals();
    assertTrue(postcopy.converged());
    assertTrue(postcopy.postcopyBytes() > 0 && postcopy.postcopyRequests() > 0, postcopy.toString());
    assertTrue(postcopy.totalTimeS() > 2.0 && postcopy.totalTimeS() < 3.0, postcopy.toString());
    assertEquals(0.001, postcopy.downtimeS(), 1e-12); // the switch: stop_time (its sync included)
  }
}
