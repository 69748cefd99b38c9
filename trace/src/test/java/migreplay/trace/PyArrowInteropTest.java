package migreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent reader opens our output: pyarrow checks the schema, the metadata and every row, and duckdb
 * queries it. Skipped where pyarrow is not installed, except on CI (CI=true), where .ci/run installs it and
 * its absence is a failure.
 */
class PyArrowInteropTest {
  @TempDir Path dir;

  static boolean python(String module) throws Exception {
    Process p = new ProcessBuilder("python3", "-c", "import " + module).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @Test
  void pyarrowAndDuckdbReadSchemaMetadataAndRows() throws Exception {
    boolean available = python("pyarrow") && python("duckdb");
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(available, "pyarrow/duckdb not installed (pip install --no-index --find-links /opt/pypi/files pyarrow duckdb)");
    }
    Path f = dir.resolve("t.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.parse("0-1000,2000-3000")).durationUs(2_000_000)
        .resolutionUs(10_000).hypervisor("qemu-tcg").workload("interop").extra("kernel", "6.1.0")
        .initialNonzero(PageSet.builder().addRange(0, 10).add(2500).build()).build();
    long expectedSum = 0;
    int rows = 0;
    try (TraceWriter w = TraceWriter.create(f, m)) {
      for (long t = 0; t < 2_000_000; t += 10_000) {
        for (long p = t / 10_000 % 7; p < 3000; p += 97) {
          if (m.ramRanges().contains(p)) {
            w.write(t, p);
            expectedSum += t ^ p;
            rows++;
          }
        }
      }
    }
    String script = String.join("\n",
        "import sys, pyarrow as pa, pyarrow.ipc as ipc, duckdb",
        "t = ipc.open_file(sys.argv[1]).read_all()",
        "assert t.schema.field('t_us').type == pa.int64() and not t.schema.field('t_us').nullable",
        "assert t.schema.field('pfn').type == pa.int64() and not t.schema.field('pfn').nullable",
        "md = {k.decode(): v.decode() for k, v in t.schema.metadata.items()}",
        "assert md['migreplay.version'] == '1' and md['ram_ranges'] == '0-1000,2000-3000', md",
        "assert md['hypervisor'] == 'qemu-tcg' and md['kernel'] == '6.1.0' and md['resolution_us'] == '10000', md",
        "assert md['initial_nonzero'].startswith('roaring:'), md",
        "ts = t.column('t_us').to_pylist(); ps = t.column('pfn').to_pylist()",
        "assert all((a, b) < (c, d) for a, b, c, d in zip(ts, ps, ts[1:], ps[1:]))",
        "con = duckdb.connect(); con.register('trace', t)",
        "n, = con.execute('select count(*) from trace').fetchone()",
        "print(t.num_rows, n, sum(a ^ b for a, b in zip(ts, ps)))");
    Path py = dir.resolve("check.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder("python3", py.toString(), f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    assertEquals(rows + " " + rows + " " + expectedSum, out);
  }

  @Test
  void aTraceWithReadsReadsInPyarrowAndDuckdb() throws Exception {
    boolean available = python("pyarrow") && python("duckdb");
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(available, "pyarrow/duckdb not installed (pip install --no-index --find-links /opt/pypi/files pyarrow duckdb)");
    }
    Path f = dir.resolve("r.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.ofPages(500)).durationUs(1_000_000)
        .resolutionUs(10_000).hypervisor("qemu-tcg").workload("reads")
        .set(TraceMetadata.KEY_READS, TraceMetadata.READS_RECORDED).build();
    int reads = 0;
    int writes = 0;
    // more than one record batch, so the bool column crosses batch boundaries
    try (TraceWriter w = TraceWriter.create(f, m, TraceWriter.Options.DEFAULT.withBatchRows(1000))) {
      for (long t = 0; t < 1_000_000; t += 10_000) {
        for (long p = 0; p < 500; p += 7) {
          boolean read = (t / 10_000 + p) % 3 == 0;
          w.write(t, p, read);
          if (read) {
            reads++;
          } else {
            writes++;
          }
        }
      }
    }
    String script = String.join("\n",
        "import sys, pyarrow as pa, pyarrow.ipc as ipc, duckdb",
        "t = ipc.open_file(sys.argv[1]).read_all()",
        "assert t.schema.names == ['t_us', 'pfn', 'read'], t.schema",
        "assert t.schema.field('read').type == pa.bool_() and not t.schema.field('read').nullable",
        "md = {k.decode(): v.decode() for k, v in t.schema.metadata.items()}",
        "assert md['reads'] == 'recorded', md",
        "rs = t.column('read').to_pylist(); ts = t.column('t_us').to_pylist(); ps = t.column('pfn').to_pylist()",
        "assert all(r == ((a // 10000 + b) % 3 == 0) for r, a, b in zip(rs, ts, ps))",
        "con = duckdb.connect()",
        "con.register('trace', t)",
        "w, r = con.execute('select count(*) filter (where not read), count(*) filter (where read) from trace').fetchone()",
        "print(w, r)");
    Path py = dir.resolve("reads.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder("python3", py.toString(), f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    assertEquals(writes + " " + reads, out);
    // and ours reads the flags back, batch by batch, and refuses a read in a trace without reads=recorded
    int seen = 0;
    try (TraceReader r = TraceReader.open(f)) {
      assertTrue(r.metadata().readsRecorded());
      TraceBatch b = new TraceBatch();
      while (r.next(b)) {
        for (int i = 0; i < b.size(); i++) {
          seen += b.read()[i] ? 1 : 0;
        }
      }
    }
    assertEquals(reads, seen);
    TraceMetadata plain = TraceMetadata.builder().ramRanges(RamRanges.ofPages(500)).durationUs(1_000_000)
        .resolutionUs(10_000).hypervisor("qemu-tcg").build();
    try (TraceWriter w = TraceWriter.create(dir.resolve("w.trace.arrow"), plain)) {
      migreplay.io.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
          migreplay.io.BadInputException.class, () -> w.write(0, 1, true));
      assertTrue(e.getMessage().contains("reads=recorded"), e.getMessage());
      w.abort();
    }
  }
}
