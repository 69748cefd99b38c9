package migreplay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample of the QEMU recorder's raw output (the first 2 s of the idle recording, rows
 * {@code epoch,pfn} with its sidecar) ingests to the committed Arrow trace: same rows, same metadata.
 */
class RecorderSampleTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/migreplay/ingest/recorder/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void sampleIngestsToTheCommittedTrace() throws IOException {
    Path raw = resource("sample.csv.gz");
    resource("sample.csv.gz.meta.json");
    Path expected = resource("sample.trace.arrow");
    Path out = dir.resolve("out.trace.arrow");
    Ingester.ingest(raw, out, SourceFormat.detectOrFail(raw), IngestOptions.defaults(), Map.of());
    TraceMetadata want = TraceReader.readMetadata(expected);
    TraceMetadata got = TraceReader.readMetadata(out);
    assertEquals(want, got);
    assertEquals("qemu-tcg", got.hypervisor());
    assertEquals(10_000, got.resolutionUs());
    assertEquals(IngestTest.rows(expected), IngestTest.rows(out));
  }
}
