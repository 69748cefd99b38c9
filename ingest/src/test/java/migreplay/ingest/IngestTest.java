package migreplay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import migreplay.io.BadInputException;
import migreplay.trace.TraceBatch;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each format round-trips to the same set of (t_us, pfn); each kind of bad input fails clearly. */
class IngestTest {
  @TempDir Path dir;

  static IngestOptions opts() {
    return new IngestOptions(0, null, 1 << 16);
  }

  static List<String> rows(Path trace) throws IOException {
    List<String> out = new ArrayList<>();
    try (TraceReader r = TraceReader.open(trace)) {
      TraceBatch b = new TraceBatch();
      while (r.next(b)) {
        for (int i = 0; i < b.size(); i++) {
          out.add(b.tUs()[i] + "," + b.pfn()[i]);
        }
      }
    }
    return out;
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  Path ingest(Path in, SourceFormat f, IngestOptions o, Map<String, String> given) throws IOException {
    Path out = dir.resolve("out.trace.arrow");
    Ingester.ingest(in, out, f, o, given);
    return out;
  }

  @Test
  void csvRoundTripSortsDedupesAndConvertsUnits() throws IOException {
    Path in = file("a.csv", "# recorded by hand\nt_ms,gpa\n0.5,0x3000\n0.001,8192\n0.5,12288\n0.0009,4096\n");
    Path out = ingest(in, SourceFormat.CSV, opts(), Map.of("ram_ranges", "0-100", "hypervisor", "kvm"));
    // 0.0009 ms = 0.9 us, truncated to 0; 0x3000 = 12288 = page 3 (twice at 500 us: one row).
    assertEquals(List.of("0,1", "1,2", "500,3"), rows(out));
    TraceMetadata m = TraceReader.readMetadata(out);
    assertEquals(501, m.durationUs()); // last event + resolution 1
    assertEquals("csv", m.sourceFormat());
    assertEquals(64, m.sourceSha256().length());
    assertEquals("kvm", m.hypervisor());
  }

  @Test
  void quotedCsvGoesThroughCommonsCsvAndBothPathsAgree() throws IOException {
    Path quoted = file("q.csv", "\"t_us\",\"pfn\",\"note\"\n\"10\",\"3\",\"a, b\"\n5,\" 2\",x\n");
    Path plain = file("p.csv", "t_us,pfn,note\r\n10,3,a\r\n# comment\r\n\r\n5, 2 ,x");
    Map<String, String> ram = Map.of("ram_ranges", "0-100");
    assertEquals(List.of("5,2", "10,3"), rows(ingest(quoted, SourceFormat.CSV, opts(), ram)));
    assertEquals(List.of("5,2", "10,3"), rows(ingest(plain, SourceFormat.CSV, opts(), ram)));
    Path out = dir.resolve("which.trace.arrow");
    assertEquals("commons-csv", Ingester.ingest(quoted, out, SourceFormat.CSV, opts(), ram).parser());
    assertEquals("fast path", Ingester.ingest(plain, out, SourceFormat.CSV, opts(), ram).parser());
  }

  @Test
  void quotedDataUnderAPlainHeaderReadsAsOnGeneralPath() throws IOException {
    // Line 3's note holds a comma; line 4's note spans lines 4 and 5 (CRLF); line 6 unquotes """q"""; line 7 is bad.
    Path in = file("qd.csv", "t_us,pfn,note\n1,\"2\",x\n3,4,\"a, b\"\n5,6,\"two\r\nlines\"\r\n7, 8 ,\"\"\"q\"\"\"\n9,x,y\n");
    Map<String, String> ram = Map.of("ram_ranges", "0-100");
    assertBad(in, SourceFormat.CSV, opts(), ram, in + ":7: pfn: expected a non-negative integer, found 'x'");
    Files.writeString(in, Files.readString(in).replace("9,x,y\n", ""));
    assertEquals(List.of("1,2", "3,4", "5,6", "7,8"), rows(ingest(in, SourceFormat.CSV, opts(), ram)));
    assertBad(file("open.csv", "t_us,pfn,note\n1,2,\"never closed\n3,4,x\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("open.csv") + ":2: a quoted field opened here is never closed");
    assertBad(file("mal.csv", "t_us,pfn,note\n1,2,\"a\"b\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("mal.csv") + ":2: malformed quoted CSV field");
  }

  @Test
  void csvEpochColumnWithSidecarAndCompressedInputs() throws IOException {
    String text = "epoch,pfn\n0,5\n0,1\n2,5\n";
    for (String ext : new String[] {".csv.gz", ".csv.zst"}) {
      Path in = dir.resolve("r" + ext);
      try (OutputStream o = ext.endsWith("gz") ? new GZIPOutputStream(Files.newOutputStream(in))
          : new ZstdOutputStream(Files.newOutputStream(in))) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
      Files.writeString(dir.resolve("r" + ext + ".meta.json"),
          "{\"ram_ranges\": \"0-64\", \"epoch_us\": 10000, \"hypervisor\": \"qemu-tcg\", \"kernel\": \"6.1\"}");
      Path out = ingest(in, SourceFormat.detectOrFail(in), opts(), Map.of());
      assertEquals(List.of("0,1", "0,5", "20000,5"), rows(out));
      TraceMetadata m = TraceReader.readMetadata(out);
      assertEquals(10_000, m.resolutionUs());
      assertEquals(30_000, m.durationUs());
      assertEquals("6.1", m.extra().get("kernel"));
    }
  }

  @Test
  void csvSortsOutOfCoreWhenRowsExceedTheBudget() throws IOException {
    StringBuilder b = new StringBuilder("t_us,pfn\n");
    TreeSet<String> expected = new TreeSet<>((x, y) -> {
      long[] a = parse(x);
      long[] c = parse(y);
      return a[0] != c[0] ? Long.compare(a[0], c[0]) : Long.compare(a[1], c[1]);
    });
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 5000; i++) {
      long t = rnd.nextInt(1000);
      long p = rnd.nextInt(300);
      b.append(t).append(',').append(p).append('\n');
      expected.add(t + "," + p);
    }
    Path in = file("big.csv", b.toString());
    Path out = ingest(in, SourceFormat.CSV, new IngestOptions(0, null, 700), Map.of("ram_ranges", "0-300"));
    assertEquals(new ArrayList<>(expected), rows(out));
  }

  private static long[] parse(String s) {
    String[] p = s.split(",");
    return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
  }

  @Test
  void bitmapDirRoundTrip() throws IOException {
    Path bm = dir.resolve("bitmaps");
    Files.createDirectories(bm);
    // 128 pfns = 2 words. Epoch 0: pfns 0, 63, 64; epoch 1 (10 ms): pfn 127.
    writeBitmap(bm.resolve("e0.bin"), 0b1L | (1L << 63), 1L);
    writeBitmap(bm.resolve("e1.bin"), 0, 1L << 63);
    Files.writeString(bm.resolve("index.csv"), "file,t_us\ne0.bin,0\ne1.bin,10000\n");
    assertEquals(SourceFormat.BITMAP_DIR, SourceFormat.detectOrFail(bm));
    Path out = ingest(bm, SourceFormat.BITMAP_DIR, opts(), Map.of("hypervisor", "xen"));
    assertEquals(List.of("0,0", "0,63", "0,64", "10000,127"), rows(out));
    TraceMetadata m = TraceReader.readMetadata(out);
    assertEquals("0-128", m.ramRanges().toString());
    assertEquals(10_000, m.resolutionUs());
    assertEquals(20_000, m.durationUs());
    // A third, clean epoch at 20 ms adds no rows but extends the recording to its end (30 ms).
    writeBitmap(bm.resolve("e2.bin"), 0, 0);
    Files.writeString(bm.resolve("index.csv"), "file,t_us\ne0.bin,0\ne1.bin,10000\ne2.bin,20000\n");
    out = ingest(bm, SourceFormat.BITMAP_DIR, opts(), Map.of());
    assertEquals(List.of("0,0", "0,63", "0,64", "10000,127"), rows(out));
    assertEquals(30_000, TraceReader.readMetadata(out).durationUs());
  }

  static void writeBitmap(Path f, long... words) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long w : words) {
      b.putLong(w);
    }
    Files.write(f, b.array());
  }

  static final String FTRACE = String.join("\n",
      "# tracer: nop",
      "#",
      "       CPU 1/KVM-23710   [005] .....  8401.123456: kvm_dirty_ring_push: ring 1: dirty 0x2c reset 0x0 slot 1 offset 0x1f (used 44)",
      " qemu-system-x86-23690   [002] .....  8401.130001: kvm_dirty_ring_reset: ring 1: dirty 0x2c reset 0x2c (used 0)",
      "       CPU 0/KVM-23709   [003] .....  8401.140777: kvm_dirty_ring_exit: vcpu 0",
      "       CPU 0/KVM-23709 [003] .....  8401.150000: kvm_dirty_ring_push:  ring 0: dirty 0x1 reset 0x0 slot 0 offset 0x3 (used 1)",
      "       CPU 0/KVM-23709   [003]  8401.150001: kvm_dirty_ring_push: ring 0: dirty 0x2 reset 0x0 slot 65536 offset 0x0 (used 2)",
      "");

  @Test
  void ftraceRoundTripBothLineLayouts() throws IOException {
    Path in = file("kvm.txt", FTRACE);
    Path slots = file("slots.csv", "slot,base_gfn,npages\n0,0,0x100\n1,0x100000,1024\n65536,0x200,16\n");
    assertEquals(SourceFormat.FTRACE, SourceFormat.detectOrFail(in));
    Path out = ingest(in, SourceFormat.FTRACE, new IngestOptions(0, slots, 1 << 16), Map.of("hypervisor", "kvm"));
    // t0 = 8401.123456: slot 1 offset 0x1f -> 0x100000 + 31; +26544 us: slot 0 offset 3; +26545: 0x200.
    assertEquals(List.of("0,1048607", "26544,3", "26545,512"), rows(out));
    TraceMetadata m = TraceReader.readMetadata(out);
    assertEquals("8401.123456", m.extra().get("t0_host_s"));
    assertEquals("0-256,512-528,1048576-1049600", m.ramRanges().toString());
  }

  void assertBad(Path in, SourceFormat f, IngestOptions o, Map<String, String> given, String message) {
    Path out = dir.resolve("bad.trace.arrow");
    BadInputException e = assertThrows(BadInputException.class, () -> Ingester.ingest(in, out, f, o, given));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertFalse(Files.exists(out), "no output file after a failure");
  }

  @Test
  void badInputsFailNamingFileAndLine() throws IOException {
    Map<String, String> ram = Map.of("ram_ranges", "0-100");
    assertBad(file("h.csv", "time,page\n1,2\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("h.csv") + ":1: expected a time column (one of t_s, t_ms, t_us, t_ns, epoch)");
    assertBad(file("n.csv", "t_us,pfn\n1,2\n3,x\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("n.csv") + ":3: pfn: expected a non-negative integer, found 'x'");
    assertBad(file("neg.csv", "t_us,pfn\n1,-2\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("neg.csv") + ":2: pfn: expected a non-negative integer, found '-2'");
    assertBad(file("range.csv", "t_us,pfn\n1,2\n1,200\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("range.csv") + ":3: pfn 200 is outside ram_ranges 0-100");
    assertBad(file("rangeq.csv", "\"t_us\",\"pfn\"\n1,200\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("rangeq.csv") + ":2: pfn 200 is outside ram_ranges 0-100");
    assertBad(file("late.csv", "t_us,pfn\n1,2\n\n50,3\n"), SourceFormat.CSV, opts(),
        Map.of("ram_ranges", "0-100", "duration_us", "50"), dir.resolve("late.csv") + ":4: t_us 50 is not before duration_us 50");
    assertBad(file("empty.csv", ""), SourceFormat.CSV, opts(), ram, dir.resolve("empty.csv") + ": empty file");
    assertBad(file("norows.csv", "t_us,pfn\n"), SourceFormat.CSV, opts(), ram, dir.resolve("norows.csv") + ": no rows");
    assertBad(file("epoch.csv", "epoch,pfn\n1,2\n"), SourceFormat.CSV, opts(), ram,
        dir.resolve("epoch.csv") + ": an epoch column needs --epoch-us");
    assertBad(file("noram.csv", "t_us,pfn\n1,2\n"), SourceFormat.CSV, opts(), Map.of(),
        dir.resolve("noram.csv") + ": the guest's RAM is unknown");
    Path gz = dir.resolve("t.csv.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write("t_us,pfn\n".repeat(1).concat("1,2\n".repeat(5000)).getBytes(StandardCharsets.UTF_8));
    }
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
    assertBad(gz, SourceFormat.CSV, opts(), ram, gz + ": truncated or corrupt gzip data");
    Path zst = dir.resolve("t.csv.zst");
    try (OutputStream o = new ZstdOutputStream(Files.newOutputStream(zst))) {
      o.write("t_us,pfn\n".concat("1,2\n".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
    }
    all = Files.readAllBytes(zst);
    Files.write(zst, java.util.Arrays.copyOf(all, all.length / 2));
    assertBad(zst, SourceFormat.CSV, opts(), ram, zst + ": truncated or corrupt zstd data");
  }

  @Test
  void badBitmapsAndMemslotsFailClearly() throws IOException {
    Path bm = dir.resolve("bm");
    Files.createDirectories(bm);
    writeBitmap(bm.resolve("e0.bin"), 1L, 0);
    writeBitmap(bm.resolve("e1.bin"), 1L);
    Files.writeString(bm.resolve("index.csv"), "file,t_us\ne0.bin,0\ne1.bin,10\n");
    assertBad(bm, SourceFormat.BITMAP_DIR, opts(), Map.of(),
        bm.resolve("e1.bin") + ": bitmap of 8 bytes; expected 16 bytes (128 pfns in 64-bit words)");
    Files.writeString(bm.resolve("index.csv"), "file,t_us\ne0.bin,0\n");
    assertBad(bm, SourceFormat.BITMAP_DIR, opts(), Map.of(), bm.resolve("index.csv")
        + ": one bitmap: its epoch length cannot be told from index.csv; give --resolution-us");
    Path in = file("kvm.txt", FTRACE);
    Path slots = file("slots.csv", "slot,base_gfn,npages\n0,0,256\n");
    assertBad(in, SourceFormat.FTRACE, new IngestOptions(0, slots, 1 << 16), Map.of(),
        in + ":3: unknown memslot 1; the --memslots table has [0]");
    assertBad(in, SourceFormat.FTRACE, opts(), Map.of(), in + ": ftrace input needs --memslots FILE");
    Path all = file("all.csv", "slot,base_gfn,npages\n0,0,256\n1,0x100000,1024\n65536,0x200,16\n");
    assertBad(in, SourceFormat.FTRACE, new IngestOptions(0, all, 1 << 16), Map.of("ram_ranges", "0-1048576"),
        in + ":3: pfn 1048607 is outside ram_ranges 0-1048576");
    Path other = file("notes.txt", "hello\n");
    assertThrows(BadInputException.class, () -> SourceFormat.detectOrFail(other));
    assertEquals("unknown format 'xml'; valid: csv, bitmap-dir, ftrace",
        assertThrows(IllegalArgumentException.class, () -> SourceFormat.named("xml")).getMessage());
  }
}
