package migreplay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Speed work must not change the canonical trace: the same CSV ingests to the same bytes as before it. The
 * hashes were taken with the ingest of commit b583cf2 (before the one-pass scanner and the threaded ZSTD
 * writer) on the same generated files; they cover the line scanner (plain lines, the per-line path for
 * comments, blank lines, spaces and tabs, CRLF), the three sorts (sorted, per-time, out of core with spilled
 * runs: 50,000 rows in memory against 150,000), deduplication and the writer's batches (3 of 65,536 rows).
 * Retaken once on purpose when the footer gained {@code batch_t_us} (issue 21): rows, schema and metadata as
 * before, only the footer's custom metadata grew.
 */
class IngestGoldenTest {
  @TempDir Path dir;

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({ // not this package's CsvSource
      "recorder, a1afc5b174604b48286579b57ad5565f9bb8f86c340c151edc3575c7671a089b",
      "timed,    006ef1831a721c5580e53b3597c1c3034d790e81d93e315134c22729d53f55cf",
      "shuffled, c40d2594bd5e23811b53b482fee1f130c645d1e6b3eca63d1226065065465a03",
      "crlf,     fdd3fac615c616dc2e374a826b0eea1ea91fb42829d6305ca571bf73bed2824e"})
  void ingestWritesTheSameBytesAsBefore(String shape, String sha256) throws IOException, NoSuchAlgorithmException {
    Path csv = dir.resolve(shape + ".csv");
    write(csv, shape);
    Path out = dir.resolve(shape + ".trace.arrow");
    Ingester.ingest(csv, out, SourceFormat.CSV,
        new IngestOptions(shape.equals("recorder") ? 10_000 : 0, null, 50_000, 3), Map.of("ram_ranges", "0-262144"));
    assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out))));
  }

  /** 150,000 rows of a 262,144-page guest in one of the shapes the ingest bench measures. */
  static void write(Path csv, String shape) throws java.io.IOException {
    SplittableRandom rnd = new SplittableRandom(5);
    int rows = 150_000;
    long[] t = new long[rows];
    long[] p = new long[rows];
    for (int i = 0; i < rows; i++) {
      if (shape.equals("recorder")) {
        t[i] = i / 1000; // epochs of 1,000 ascending pages
        p[i] = (i % 1000) * 262L + rnd.nextInt(262);
      } else {
        t[i] = (i / 64) * 100L; // 64 writes every 100 µs to random pages (a few duplicates)
        p[i] = rnd.nextLong(262_144);
      }
    }
    if (shape.equals("shuffled")) {
      for (int i = rows - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        long x = t[i];
        t[i] = t[j];
        t[j] = x;
        x = p[i];
        p[i] = p[j];
        p[j] = x;
      }
    }
    String eol = shape.equals("crlf") ? "\r\n" : "\n";
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write((shape.equals("recorder") ? "epoch,pfn" : "t_us,pfn") + eol);
      for (int i = 0; i < rows; i++) {
        if (i % 40_000 == 7) {
          w.write("# a comment" + eol + eol + " " + t[i] + " ,\t" + p[i] + eol); // through the per-line path
        } else {
          w.write(t[i] + "," + p[i] + eol);
        }
      }
    }
  }
}
