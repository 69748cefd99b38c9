package migreplay.replay.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TestTraces;
import migreplay.replay.engine.TraceEnd;
import migreplay.results.ResultsWriter;
import migreplay.results.RunResult;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results files: failed runs have empty measures, provenance is in the metadata, pyarrow and DuckDB read
 * the Parquet files as the Arrow files say (types, nullability, values, nulls), empty tables too, and
 * parquet-java writes them without Hadoop.
 */
class ResultsFilesTest {
  @TempDir Path dir;

  List<RunResult> runs() throws IOException {
    Path t = TestTraces.write(dir.resolve("t.trace.arrow"), 64, 1000, new long[] {0, 1}, new long[] {500, 2});
    List<RunSpec> specs = new ArrayList<>();
    for (TraceEnd end : new TraceEnd[] {TraceEnd.LOOP, TraceEnd.ERROR}) {
      specs.add(new RunSpec(t, Algorithm.XEN_PRECOPY, Map.of(), RunOptions.defaults(10_000_000).withTraceEnd(end)));
    }
    return Sweep.run(specs, 1, true, r -> { });
  }

  @Test
  void failedRunsHaveEmptyMeasuresAndFilesCarryProvenance() throws IOException {
    List<RunResult> runs = runs();
    assertEquals(List.of("ok", "failed"), runs.stream().map(RunResult::status).toList());
    ResultsWriter.write(dir.resolve("r"), runs, Map.of("migreplay.version", "9.9", "migreplay.command", "replay x"));
    List<CSVRecord> csv;
    try (CSVParser p = CSVParser.parse(dir.resolve("r/runs.csv"), StandardCharsets.UTF_8,
        CSVFormat.DEFAULT.builder().setHeader().get())) {
      csv = p.getRecords();
    }
    for (String m : List.of("rounds", "pages_sent", "bytes_sent", "total_time_s", "downtime_s", "last_round_pages",
        "hot_pages", "converged")) {
      assertEquals("", csv.get(1).get(m), m + " of a failed run");
      assertTrue(!csv.get(0).get(m).isEmpty(), m + " of a finished run");
    }
    assertEquals("1", csv.get(1).get("trace_laps"));
    try (BufferAllocator alloc = new RootAllocator();
         FileChannel ch = FileChannel.open(dir.resolve("r/runs.arrow"), StandardOpenOption.READ);
         ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
      VectorSchemaRoot root = r.getVectorSchemaRoot();
      assertEquals("9.9", root.getSchema().getCustomMetadata().get("migreplay.version"));
      r.loadNextBatch();
      assertTrue(root.getVector("bytes_sent").isNull(1) && !root.getVector("bytes_sent").isNull(0));
      assertTrue(root.getVector("converged").isNull(1));
    }
  }

  @Test
  void parquetIsWrittenWithoutHadoop() throws IOException {
    // The command's jar has no Hadoop; neither has this test class path (results needs Hadoop only to compile:
    // a provided dependency, which Maven does not pass on).
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
    ResultsWriter.write(dir.resolve("r"), runs());
    byte[] b = Files.readAllBytes(dir.resolve("r/runs.parquet"));
    assertEquals("PAR1", new String(b, 0, 4, StandardCharsets.US_ASCII));
    assertEquals("PAR1", new String(b, b.length - 4, 4, StandardCharsets.US_ASCII));
  }

  @Test
  void duckdbAndPyarrowReadTheParquetFiles() throws Exception {
    boolean available = python("duckdb") && python("pyarrow");
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(available, "duckdb not installed (pip install --no-index --find-links /opt/pypi/files duckdb)");
    }
    List<RunResult> runs = runs();
    Path r = dir.resolve("r");
    ResultsWriter.write(r, runs, Map.of("migreplay.version", "9.9"));
    ResultsWriter.write(dir.resolve("empty"), List.of(), Map.of("migreplay.version", "9.9"));
    String script = String.join("\n",
        "import sys, duckdb, pyarrow.ipc as ipc, pyarrow.parquet as pq",
        "d = sys.argv[1]",
        "c = duckdb.connect()",
        "for e in (sys.argv[2], d):  # the empty tables first: b is the last file read, d's rounds",
        "  for f in ('runs', 'rounds'):",
        "    t = ipc.open_file(f'{e}/{f}.arrow').read_all()",
        "    p = pq.read_table(f'{e}/{f}.parquet')",
        "    assert p.schema.remove_metadata() == t.schema.remove_metadata(), (p.schema, t.schema)",
        "    assert p.schema.metadata[b'migreplay.version'] == b'9.9'",
        "    a = t.to_pylist()",
        "    assert p.to_pylist() == a, (p, a)",
        "    b = c.execute(f\"select * from '{e}/{f}.parquet'\").arrow()",
        "    b = (b.read_all() if hasattr(b, 'read_all') else b).to_pylist()",
        "    assert a == b, (a, b)",
        "t = c.execute(f\"select typeof(bytes_sent), typeof(trace), typeof(converged), typeof(rounds) "
            + "from '{d}/runs.parquet' limit 1\").fetchone()",
        "md = dict(c.execute(f\"select decode(key), decode(value) from parquet_kv_metadata('{d}/runs.parquet')\")"
            + ".fetchall())",
        "n = c.execute(f\"select count(*) from '{d}/runs.parquet' where bytes_sent is null\").fetchone()[0]",
        "print(len(b), t, md['migreplay.version'], n)");
    Path py = dir.resolve("check.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder("python3", py.toString(), r.toString(), dir.resolve("empty").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    long rounds = runs.stream().mapToLong(x -> x.roundResults().size()).sum();
    assertEquals(rounds + " ('BIGINT', 'VARCHAR', 'BOOLEAN', 'INTEGER') 9.9 1", out);
  }

  static boolean python(String module) throws Exception {
    Process p = new ProcessBuilder("python3", "-c", "import " + module).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
