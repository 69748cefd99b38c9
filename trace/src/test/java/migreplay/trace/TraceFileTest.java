package migreplay.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import migreplay.io.BadInputException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceFileTest {
  @TempDir Path dir;

  static TraceMetadata meta(long pages, long durationUs) {
    return TraceMetadata.builder().ramRanges(RamRanges.ofPages(pages)).durationUs(durationUs)
        .hypervisor("kvm").workload("test").extra("kernel", "6.1").build();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void roundTripsRowsAndMetadataAcrossManyBatches(boolean compress) throws IOException {
    Path f = dir.resolve("t.trace.arrow");
    Random rnd = new Random(42);
    List<long[]> rows = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 200_000; i++) {
      t += rnd.nextInt(3);
      long pfn = rows.isEmpty() || rows.get(rows.size() - 1)[0] != t ? rnd.nextInt(1000)
          : rows.get(rows.size() - 1)[1] + 1 + rnd.nextInt(5);
      if (pfn >= 1_000_000) {
        continue;
      }
      rows.add(new long[] {t, pfn});
    }
    TraceMetadata m = meta(1_000_000, t + 1);
    try (TraceWriter w = TraceWriter.create(f, m, TraceWriter.Options.DEFAULT.withCompress(compress))) {
      for (long[] r : rows) {
        w.write(r[0], r[1]);
      }
    }
    try (TraceReader r = TraceReader.open(f)) {
      assertEquals(m, r.metadata());
      assertEquals(rows.size(), r.rowCount());
      assertTrue(r.hasBatchTimes(), "the writer records each batch's t_us range in the footer");
      assertEquals((rows.size() + 65_535) / 65_536, r.batchCount());
      TraceBatch b = new TraceBatch();
      int i = 0;
      while (r.next(b)) {
        for (int j = 0; j < b.size(); j++, i++) {
          assertEquals(rows.get(i)[0], b.tUs()[j]);
          assertEquals(rows.get(i)[1], b.pfn()[j]);
        }
      }
      assertEquals(rows.size(), i);
      r.rewind();
      assertTrue(r.next(b));
      assertEquals(rows.get(0)[1], b.pfn()[0]);
    }
  }

  @Test
  void rejectsUnsortedRowsAndLeavesNoFile() throws IOException {
    Path f = dir.resolve("bad.trace.arrow");
    TraceWriter w = TraceWriter.create(f, meta(100, 1000), TraceWriter.Options.DEFAULT.withOrigin("in.csv"));
    w.write(5, 1);
    BadInputException e = assertThrows(BadInputException.class, () -> w.write(4, 2));
    assertTrue(e.getMessage().startsWith("in.csv: row 2 (t_us=4, pfn=2): rows must be sorted"), e.getMessage());
    w.close();
    assertFalse(Files.exists(f));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void rejectsDuplicatesPfnOutsideRamAndTimeOutsideDuration() throws IOException {
    Path f = dir.resolve("bad.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.parse("0-10,20-30")).durationUs(100).build();
    try (TraceWriter w = TraceWriter.create(f, m)) {
      w.write(1, 1);
      assertTrue(assertThrows(BadInputException.class, () -> w.write(1, 1)).getMessage()
          .contains("duplicate (t_us, pfn) pair"));
    }
    try (TraceWriter w = TraceWriter.create(f, m)) {
      assertTrue(assertThrows(BadInputException.class, () -> w.write(1, 15)).getMessage()
          .contains("pfn outside ram_ranges 0-10,20-30"));
    }
    try (TraceWriter w = TraceWriter.create(f, m)) {
      assertTrue(assertThrows(BadInputException.class, () -> w.write(100, 1)).getMessage()
          .contains("t_us outside [0, duration_us=100)"));
    }
    assertFalse(Files.exists(f));
  }

  /**
   * A null anywhere in a column fails its batch with the null count, whether it falls in a whole 64-row word of
   * the validity bitmap or in the last, partial one; a file whose validity bitmaps are all set reads fine.
   */
  @ParameterizedTest
  @ValueSource(ints = {-1, 3, 64, 69})
  void readerRejectsNullsCountingThem(int nullRow) throws IOException {
    Path f = dir.resolve("nulls.trace.arrow");
    Map<String, String> meta = meta(100, 1000).toMap();
    Schema schema = new Schema(List.of(Field.nullable(TraceSchema.T_US, new ArrowType.Int(64, true)),
        Field.nullable(TraceSchema.PFN, new ArrowType.Int(64, true))), meta);
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      BigIntVector t = (BigIntVector) root.getVector(0);
      BigIntVector p = (BigIntVector) root.getVector(1);
      for (int i = 0; i < 70; i++) { // 70 rows: one whole validity word and 6 bits
        t.setSafe(i, i);
        if (i == nullRow) {
          p.setNull(i);
        } else {
          p.setSafe(i, i);
        }
      }
      root.setRowCount(70);
      w.start();
      w.writeBatch();
      w.end();
    }
    try (TraceReader r = TraceReader.open(f)) {
      TraceBatch b = new TraceBatch();
      if (nullRow < 0) {
        assertTrue(r.next(b));
        assertEquals(70, b.size());
        assertEquals(69, b.pfn()[69]);
      } else {
        BadInputException e = assertThrows(BadInputException.class, () -> r.next(b));
        assertEquals(f + ": record batch 0: column pfn has 1 nulls; expected none", e.getMessage());
      }
    }
  }

  /**
   * The reader fails at the first row a field-by-field reference check fails (t in [0, duration), pfn in RAM,
   * (t, pfn) strictly after the previous row, across batches too), and only then, on random files with a row set
   * to an edge value; RAM in one range and in two, and a duration too long for the one-number sort key.
   */
  @Test
  void readerFailsAtTheFirstRowAFieldByFieldCheckFails() throws IOException {
    for (long seed = 1; seed <= 200; seed++) {
      readEdgeFile(seed);
    }
  }

  private void readEdgeFile(long seed) throws IOException {
    Random rnd = new Random(seed);
    RamRanges ram = RamRanges.parse(seed % 3 == 0 ? "0-32,48-80" : "16-80");
    long duration = seed % 4 == 0 ? 1L << 62 : 1000;
    long[] pfns = {16, 20, 31, 48, 60, 79};
    int batches = 3;
    int perBatch = 40;
    long[][] rows = new long[batches * perBatch][];
    long t = 0;
    for (int i = 0; i < rows.length; i++) {
      long p = i > 0 ? rows[i - 1][1] + 1 + rnd.nextInt(3) : 16;
      while (!ram.contains(p) && p < 80) {
        p++;
      }
      if (p >= 80 || rnd.nextInt(3) == 0) { // the next time
        t += 1 + rnd.nextInt(20);
        p = pfns[rnd.nextInt(pfns.length)];
      }
      rows[i] = new long[] {t, p};
    }
    if (rnd.nextInt(4) != 0) { // else a valid file
      int i = rnd.nextBoolean() ? rnd.nextInt(rows.length) : perBatch * (1 + rnd.nextInt(batches)) - 1; // or a last
      long[][] edges = {{-1, 0, duration - 1, duration, Long.MIN_VALUE, Long.MAX_VALUE},
          {15, 16, 32, 47, 79, 80, Long.MIN_VALUE, Long.MAX_VALUE}};
      int field = rnd.nextInt(3);
      if (field == 2 && i > 0) {
        rows[i] = rows[i - 1].clone(); // a duplicate, or the previous time with a lower pfn
        rows[i][1] -= rnd.nextInt(2);
      } else if (field < 2) {
        rows[i][field] = edges[field][rnd.nextInt(edges[field].length)];
      }
    }
    int bad = -1;
    for (int i = 0; i < rows.length && bad < 0; i++) {
      long ti = rows[i][0];
      long pi = rows[i][1];
      boolean ordered = i == 0 || ti > rows[i - 1][0] || (ti == rows[i - 1][0] && pi > rows[i - 1][1]);
      if (!ordered || ti < 0 || ti >= duration || !ram.contains(pi)) {
        bad = i;
      }
    }
    Path f = dir.resolve("edge" + seed + ".trace.arrow");
    TraceMetadata meta = TraceMetadata.builder().ramRanges(ram).durationUs(duration).hypervisor("kvm").build();
    writeRaw(f, meta.toMap(), rows, perBatch);
    try (TraceReader r = TraceReader.open(f)) {
      TraceBatch b = new TraceBatch();
      int read = 0;
      try {
        while (r.next(b)) {
          for (int i = 0; i < b.size(); i++, read++) {
            assertArrayEquals(rows[read], new long[] {b.tUs()[i], b.pfn()[i]});
          }
        }
        assertEquals(-1, bad, "seed " + seed + ": row " + bad + " passed");
        assertEquals(rows.length, read);
      } catch (BadInputException e) {
        assertTrue(bad >= 0, "seed " + seed + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": record batch " + bad / perBatch + " row " + bad % perBatch
            + ": (t_us=" + rows[bad][0] + ", pfn=" + rows[bad][1] + "): "), "seed " + seed + ": " + e.getMessage());
      }
    }
  }

  /** Rows as an Arrow file with canonical metadata, {@code perBatch} rows a record batch, unchecked. */
  private static void writeRaw(Path f, Map<String, String> meta, long[][] rows, int perBatch) throws IOException {
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(TraceSchema.schema(meta), alloc);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      BigIntVector t = (BigIntVector) root.getVector(0);
      BigIntVector p = (BigIntVector) root.getVector(1);
      w.start();
      for (int from = 0; from < rows.length; from += perBatch) {
        int n = Math.min(perBatch, rows.length - from);
        for (int i = 0; i < n; i++) {
          t.setSafe(i, rows[from + i][0]);
          p.setSafe(i, rows[from + i][1]);
        }
        root.setRowCount(n);
        w.writeBatch();
      }
      w.end();
    }
  }

  @Test
  void readerRejectsFileWithoutTraceMetadata() throws IOException {
    Path f = dir.resolve("x.arrow");
    Files.write(f, new byte[] {1, 2, 3});
    BadInputException e = assertThrows(BadInputException.class, () -> TraceReader.open(f).close());
    assertTrue(e.getMessage().startsWith(f + ": not an Arrow IPC file"), e.getMessage());
  }

  @Test
  void metadataNamesTheBadKey() {
    Map<String, String> m = new java.util.HashMap<>(meta(10, 10).toMap());
    m.remove("duration_us");
    assertEquals("f: metadata key 'duration_us' is missing",
        assertThrows(BadInputException.class, () -> TraceMetadata.fromMap(m, "f")).getMessage());
    m.put("duration_us", "ten");
    assertEquals("f: metadata key 'duration_us': expected a positive integer, found 'ten'",
        assertThrows(BadInputException.class, () -> TraceMetadata.fromMap(m, "f")).getMessage());
  }

  @Test
  void ramRangesParseAndContain() {
    RamRanges r = RamRanges.parse("0-786432,1048576-1310720");
    assertEquals(786432 + 262144, r.pageCount());
    assertEquals(1310720, r.pfnSpace());
    assertTrue(r.contains(0) && r.contains(786431) && r.contains(1048576) && r.contains(1310719));
    assertFalse(r.contains(786432) || r.contains(1048575) || r.contains(1310720) || r.contains(-1));
    assertEquals("0-786432,1048576-1310720", r.toString());
    assertThrows(IllegalArgumentException.class, () -> RamRanges.parse("10-5"));
    assertThrows(IllegalArgumentException.class, () -> RamRanges.parse("0-10,5-20"));
  }
}
