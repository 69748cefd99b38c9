package migreplay.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import migreplay.io.BadInputException;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams a canonical trace file record batch by record batch into a reused {@link TraceBatch}; only one
 * batch is in memory at a time (off-heap while decoding, then copied into the batch's arrays), so a trace of
 * any size is read with a heap of a few megabytes. Arrow Java has no zero-copy memory-mapped IPC reader, and
 * compressed buffers must be decompressed anyway, so blocks are read by random access through the file's
 * footer ({@link #rewind()} goes back to the first block, as looping replays need).
 *
 * <p>Every row is checked as it is read (sorted (t_us, pfn) without duplicates, t_us inside the duration,
 * pfn inside ram_ranges), so a foreign or damaged file fails with the batch and row that is wrong instead of
 * producing silently wrong results.
 */
public final class TraceReader implements TraceSource {
  private final Path file;
  private final TraceMetadata metadata;
  private final BufferAllocator allocator;
  private final FileChannel channel;
  private final ArrowFileReader reader;
  private final List<ArrowBlock> blocks;
  private final long rowCount;
  private final boolean fastPfnCheck;
  private boolean reads;
  private boolean[] readBuf = new boolean[0];
  private final long pfnLo;
  private final long pfnHi;
  // Bits of pfn - pfn_lo in the sort key (t << keyShift) | (pfn - pfn_lo) of a row in range, or -1 when the
  // key would not fit in 63 bits (or RAM has holes): then rows are checked field by field only.
  private final int keyShift;
  /** Each batch's first and last t_us from the footer, {first0, last0, first1, ...}, or null without them. */
  private final long[] batchTimes;
  private int nextBlock;
  private long lastT;
  private long lastPfn;

  private TraceReader(Path file) throws IOException {
    this.file = file;
    // A batch is copied into on-heap arrays, so it can never need more than the heap: a damaged file that claims
    // more fails here, in words, instead of asking the OS for terabytes.
    BufferAllocator alloc = new RootAllocator(Math.max(64L << 20, Runtime.getRuntime().maxMemory()));
    FileChannel ch = null;
    ArrowFileReader r = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      r = new ArrowFileReader(new SeekableReadChannel(ch), alloc, CommonsCompressionFactory.INSTANCE);
      Schema schema;
      try {
        schema = r.getVectorSchemaRoot().getSchema();
      } catch (IOException | RuntimeException e) {
        throw new BadInputException(file.toString(), "not an Arrow IPC file ("
            + migreplay.io.Quote.escape(String.valueOf(e.getMessage()), 200) + ")", e);
      }
      checkSchema(schema);
      this.metadata = TraceMetadata.fromMap(schema.getCustomMetadata(), file.toString());
      this.blocks = r.getRecordBlocks();
      this.rowCount = footerRowCount(r.getMetaData());
      this.batchTimes = batchTimes(r.getMetaData(), blocks.size(), metadata.durationUs());
    } catch (IOException | RuntimeException e) {
      if (r != null) {
        r.close();
      }
      if (ch != null) {
        ch.close();
      }
      alloc.close();
      if (e instanceof BadInputException || e instanceof java.nio.file.FileSystemException) {
        throw e;
      }
      // A damaged footer or schema: Arrow's own exceptions, in words.
      throw new BadInputException(file.toString(), "not a readable Arrow IPC file ("
          + migreplay.io.Quote.escape(String.valueOf(e.getMessage()), 200) + ")", e);
    }
    this.allocator = alloc;
    this.channel = ch;
    this.reader = r;
    RamRanges ram = metadata.ramRanges();
    this.fastPfnCheck = ram.rangeCount() == 1;
    this.pfnLo = ram.start(0);
    this.pfnHi = ram.end(0);
    int pfnBits = 64 - Long.numberOfLeadingZeros(pfnHi - pfnLo - 1);
    int tBits = 64 - Long.numberOfLeadingZeros(metadata.durationUs() - 1);
    this.keyShift = fastPfnCheck && pfnBits + tBits <= 63 ? pfnBits : -1;
    rewind();
  }

  /**
   * Opens a trace and checks its schema and metadata.
   *
   * @throws BadInputException if it is not a canonical trace, naming what is missing or wrong
   */
  public static TraceReader open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new BadInputException(file.toString(), "is a directory; expected a trace file (*.trace.arrow)");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such trace file");
    }
    return new TraceReader(file);
  }

  /** Reads only the metadata of a trace. */
  public static TraceMetadata readMetadata(Path file) throws IOException {
    try (TraceReader r = open(file)) {
      return r.metadata();
    }
  }

  private void checkSchema(Schema schema) {
    List<Field> fields = schema.getFields();
    if (fields.size() < 2
        || !isInt64(fields.get(0), TraceSchema.T_US)
        || !isInt64(fields.get(1), TraceSchema.PFN)) {
      throw new BadInputException(file.toString(),
          "expected columns t_us int64, pfn int64 (in that order), found "
              + migreplay.io.Quote.escape(schema.getFields().toString(), 200));
    }
    boolean readsKey = TraceMetadata.READS_RECORDED.equals(schema.getCustomMetadata() == null ? null
        : schema.getCustomMetadata().get(TraceMetadata.KEY_READS));
    boolean readColumn = fields.size() > 2 && fields.get(2).getName().equals(TraceSchema.READ)
        && fields.get(2).getType() instanceof ArrowType.Bool;
    if (readsKey != readColumn) {
      throw new BadInputException(file.toString(), readsKey
          ? "metadata reads=recorded but no third column read (bool); expected both or neither"
          : "a column read (bool) but no metadata reads=recorded; expected both or neither");
    }
    this.reads = readsKey;
  }

  private static boolean isInt64(Field f, String name) {
    return f.getName().equals(name) && f.getType() instanceof ArrowType.Int i && i.getBitWidth() == 64
        && i.getIsSigned();
  }

  private static long footerRowCount(Map<String, String> footer) {
    String n = footer == null ? null : footer.get(TraceSchema.FOOTER_ROW_COUNT);
    if (n == null) {
      return -1;
    }
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The footer's batch time ranges, checked: one per batch, first ≤ last, inside the duration, and no batch
   * starting before the previous one ended. Null for a file without them (written by another tool, or by
   * migreplay before they were recorded): {@link #verifyOrder()} checks such a file by reading it.
   */
  private long[] batchTimes(Map<String, String> footer, int batches, long durationUs) {
    String v = footer == null ? null : footer.get(TraceSchema.FOOTER_BATCH_T_US);
    if (v == null) {
      return null;
    }
    String[] parts = v.isEmpty() ? new String[0] : v.split(",", -1);
    String where = file + ": footer " + TraceSchema.FOOTER_BATCH_T_US;
    if (parts.length != batches) {
      throw new BadInputException(where, "has " + parts.length + " ranges for " + batches + " record batches; "
          + "expected one first-last range of t_us per batch");
    }
    long[] out = new long[2 * batches];
    for (int i = 0; i < batches; i++) {
      String[] fl = parts[i].split("-", -1);
      try {
        out[2 * i] = Long.parseLong(fl[0]);
        out[2 * i + 1] = fl.length == 2 ? Long.parseLong(fl[1]) : -1;
      } catch (NumberFormatException e) {
        out[2 * i + 1] = -1;
      }
      long first = out[2 * i];
      long last = out[2 * i + 1];
      if (fl.length != 2 || first < 0 || last < first || last >= durationUs) {
        throw new BadInputException(where, "batch " + i + ": " + migreplay.io.Quote.of(parts[i])
            + "; expected first-last with 0 <= first <= last < duration_us=" + durationUs);
      }
      if (i > 0 && first < out[2 * i - 1]) {
        throw new BadInputException(file + ": record batch " + i, "rows go back in time: the batch starts at t_us="
            + first + " but record batch " + (i - 1) + " ended at t_us=" + out[2 * i - 1] + " (footer "
            + TraceSchema.FOOTER_BATCH_T_US + "); rows must be sorted by (t_us, pfn)");
      }
    }
    return out;
  }

  /** Whether the footer records each batch's time range (checked on open). */
  public boolean hasBatchTimes() {
    return batchTimes != null;
  }

  /**
   * Reads every batch once, checking every row as {@link #next} does, then rewinds: for a file without
   * {@link #hasBatchTimes() batch time ranges}, whose later batches a replay that ends early would never check.
   */
  public void verifyOrder() throws IOException {
    rewind();
    TraceBatch b = new TraceBatch();
    while (next(b)) {
      // next checks each batch's rows
    }
    rewind();
  }

  public Path file() {
    return file;
  }

  public TraceMetadata metadata() {
    return metadata;
  }

  /** The pages with non-zero content when the recording began, when the trace carries them. */
  public java.util.Optional<PageSet> initialNonzero() {
    return metadata.initialNonzeroPages();
  }

  /** Rows in the file as its footer records them, or -1 for a file written by another tool. */
  public long rowCount() {
    return rowCount;
  }

  public int batchCount() {
    return blocks.size();
  }

  /** Goes back to the first row. */
  public void rewind() {
    nextBlock = 0;
    lastT = -1;
    lastPfn = -1;
  }

  /**
   * Fills {@code batch} with the next record batch.
   *
   * @return false at the end of the trace (the batch is then empty)
   * @throws BadInputException for a row that breaks the format, naming the batch and row
   */
  public boolean next(TraceBatch batch) throws IOException {
    while (nextBlock < blocks.size()) {
      int index = nextBlock++;
      try {
        reader.loadRecordBatch(blocks.get(index));
      } catch (IOException | RuntimeException e) {
        throw new BadInputException(file + ": record batch " + index, "cannot be read: "
            + migreplay.io.Quote.escape(String.valueOf(e.getMessage()), 200)
            + (e instanceof org.apache.arrow.memory.OutOfMemoryException
                ? " (a damaged file, or a batch larger than the Java heap: raise -Xmx in MIGREPLAY_JAVA_OPTS)" : ""), e);
      }
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      int n = root.getRowCount();
      if (n == 0) {
        continue;
      }
      batch.ensureCapacity(n);
      copy(root.getVector(0), batch.tUs, n, index);
      copy(root.getVector(1), batch.pfn, n, index);
      if (reads) {
        copyReads((org.apache.arrow.vector.BitVector) root.getVector(2), batch, n, index);
      } else {
        batch.read = null;
      }
      batch.size = n;
      batch.spreadOffsetUs = null;
      if (batchTimes != null && (batch.tUs[0] != batchTimes[2 * index] || batch.tUs[n - 1] != batchTimes[2 * index + 1])) {
        throw new BadInputException(file + ": record batch " + index, "rows from t_us=" + batch.tUs[0] + " to "
            + batch.tUs[n - 1] + " but the footer's " + TraceSchema.FOOTER_BATCH_T_US + " says " + batchTimes[2 * index]
            + " to " + batchTimes[2 * index + 1] + "; the file was changed after it was written");
      }
      check(batch, index);
      return true;
    }
    batch.size = 0;
    return false;
  }

  private void copy(FieldVector v, long[] into, int n, int index) {
    if (!allValid(v.getValidityBuffer(), v.getValueCount()) && v.getNullCount() != 0) {
      throw new BadInputException(file + ": record batch " + index,
          "column " + v.getName() + " has " + v.getNullCount() + " nulls; expected none");
    }
    ((BigIntVector) v).getDataBuffer().nioBuffer(0, n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .asLongBuffer().get(into, 0, n);
  }

  private void copyReads(org.apache.arrow.vector.BitVector v, TraceBatch batch, int n, int index) {
    if (v.getNullCount() != 0) {
      throw new BadInputException(file + ": record batch " + index,
          "column read has " + v.getNullCount() + " nulls; expected none");
    }
    if (readBuf.length < n) {
      readBuf = new boolean[n];
    }
    for (int i = 0; i < n; i++) {
      readBuf[i] = v.get(i) != 0;
    }
    batch.read = readBuf;
  }

  /**
   * Whether the first {@code n} bits of a validity buffer are all set, i.e. {@link FieldVector#getNullCount()}
   * is 0, read through a {@link ByteBuffer} a word at a time: Arrow counts through {@code ArrowBuf.getLong},
   * whose bounds checks cost more than the rest of a batch's checks. False (count as Arrow does) for a
   * buffer too short to hold the bits.
   */
  private static boolean allValid(ArrowBuf validity, int n) {
    int bytes = (n + 7) >>> 3;
    if (validity.capacity() < bytes) {
      return false;
    }
    ByteBuffer b = validity.nioBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    int words = n >>> 6;
    for (int i = 0; i < words; i++) {
      if (b.getLong(i * Long.BYTES) != -1L) {
        return false;
      }
    }
    for (int bit = words << 6; bit < n; bit++) {
      if ((b.get(bit >>> 3) >>> (bit & 7) & 1) == 0) {
        return false;
      }
    }
    return true;
  }

  private void check(TraceBatch batch, int index) {
    if (keyShift >= 0 && inRangeAndOrder(batch.tUs, batch.pfn, batch.size)) {
      lastT = batch.tUs[batch.size - 1];
      lastPfn = batch.pfn[batch.size - 1];
      return;
    }
    checkRows(batch, index);
  }

  /**
   * Whether every row passes {@link #checkRows} (RAM in one range), with fewer comparisons a row: t and pfn in
   * range compared as unsigned, and (t, pfn) after the previous row compared as one number, a sort key that
   * orders rows in range as (t, pfn) does. {@link #checkRows} then says which row fails, and why.
   */
  private boolean inRangeAndOrder(long[] t, long[] p, int n) {
    long duration = metadata.durationUs();
    long span = pfnHi - pfnLo;
    long previous = lastT < 0 ? -1 : (lastT << keyShift) | (lastPfn - pfnLo);
    for (int i = 0; i < n; i++) {
      long ti = t[i];
      long pi = p[i] - pfnLo;
      long key = (ti << keyShift) | pi;
      if (Long.compareUnsigned(ti, duration) >= 0 | Long.compareUnsigned(pi, span) >= 0 | key <= previous) {
        return false;
      }
      previous = key;
    }
    return true;
  }

  private void checkRows(TraceBatch batch, int index) {
    long[] t = batch.tUs;
    long[] p = batch.pfn;
    long duration = metadata.durationUs();
    long prevT = lastT;
    long prevP = lastPfn;
    for (int i = 0; i < batch.size; i++) {
      long ti = t[i];
      long pi = p[i];
      boolean ordered = ti > prevT || (ti == prevT && pi > prevP);
      boolean inRam = fastPfnCheck ? pi >= pfnLo && pi < pfnHi : metadata.ramRanges().contains(pi);
      if (!ordered || ti < 0 || ti >= duration || !inRam) {
        String why = ti < 0 ? "negative time; expected t_us >= 0"
            : !ordered && ti == prevT && pi == prevP ? "duplicate of the previous row; expected each (t_us, pfn) once"
            : !ordered ? "out of order: rows must be sorted by (t_us, pfn); previous row was (" + prevT + ", " + prevP
                + ")" + (i == 0 ? ", the last of record batch " + (index - 1) : "")
            : !inRam ? "pfn outside ram_ranges " + metadata.ramRanges()
            : "t_us outside [0, duration_us=" + duration + ")";
        throw new BadInputException(file + ": record batch " + index + " row " + i,
            "(t_us=" + ti + ", pfn=" + pi + "): " + why);
      }
      prevT = ti;
      prevP = pi;
    }
    lastT = prevT;
    lastPfn = prevP;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      try {
        channel.close();
      } finally {
        allocator.close();
      }
    }
  }
}
