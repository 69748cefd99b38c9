package migreplay.replay.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TestTraces;
import migreplay.replay.engine.TraceEnd;
import migreplay.results.ResultsWriter;
import migreplay.results.RunResult;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A column an algorithm lacks is null in Arrow and an empty field in CSV, never 0. */
class ResultsWriterTest {
  @TempDir Path dir;

  @Test
  void columnsAnAlgorithmLacksAreEmpty() throws IOException {
    Path t = TestTraces.write(dir.resolve("t.trace.arrow"), 64, 100_000, new long[] {500, 5});
    RunOptions o = RunOptions.defaults(1_000_000_000L).withTraceEnd(TraceEnd.IDLE);
    List<RunResult> runs = Sweep.run(List.of(new RunSpec(t, Algorithm.XEN_PRECOPY, Map.of(), o),
        new RunSpec(t, Algorithm.QEMU_PRECOPY, Map.of(), o)), 1, true, r -> { });
    Path out = dir.resolve("results");
    ResultsWriter.write(out, runs);
    try (BufferAllocator alloc = new RootAllocator();
         FileChannel ch = FileChannel.open(out.resolve("runs.arrow"), StandardOpenOption.READ);
         ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
      r.loadNextBatch();
      VectorSchemaRoot root = r.getVectorSchemaRoot();
      FieldVector hot = root.getVector("hot_pages");
      FieldVector normal = root.getVector("normal_pages");
      FieldVector status = root.getVector("migration_status");
      assertFalse(hot.isNull(0)); // xen-precopy has hot pages (0)
      assertTrue(hot.isNull(1)); // qemu-precopy has none
      assertTrue(normal.isNull(0));
      assertFalse(normal.isNull(1));
      assertEquals("completed", status.getObject(0).toString());
      assertEquals("completed", status.getObject(1).toString());
    }
    List<String> csv = Files.readAllLines(out.resolve("rounds.csv"));
    List<String> header = List.of(csv.get(0).split(",", -1));
    int skipped = header.indexOf("pages_skipped");
    int zero = header.indexOf("zero_pages");
    String xen = csv.get(1);
    String qemu = csv.stream().filter(l -> l.startsWith("1,")).findFirst().orElseThrow();
    assertEquals("0", xen.split(",", -1)[skipped]);
    assertEquals("", xen.split(",", -1)[zero]);
    assertEquals("", qemu.split(",", -1)[skipped]);
    assertFalse(qemu.split(",", -1)[zero].isEmpty());
  }
}
