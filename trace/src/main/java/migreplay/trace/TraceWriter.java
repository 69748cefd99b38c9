package migreplay.trace;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import migreplay.io.AtomicOutput;
import migreplay.io.BadInputException;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Writes a canonical trace file (DESIGN.md): rows are validated as they come (sorted by (t_us, pfn), no
 * duplicate pair, times inside [0, duration_us), pfns inside ram_ranges), buffered into record batches of at
 * most {@value TraceSchema#MAX_BATCH_ROWS} rows and written ZSTD-compressed by default. Batches are compressed
 * on up to {@link #COMPRESS_THREADS} threads of the writer's own while the caller fills the next ones, and
 * written in order, so the file is the same byte for byte as one compressed on the caller's thread. The file
 * appears only when {@link #close()} succeeds; after a failure, or without {@code close()}, nothing is left
 * behind.
 */
public final class TraceWriter implements AutoCloseable {

  /**
   * @param compress ZSTD-compress the buffers (default true)
   * @param batchRows rows per record batch, 1 to {@value TraceSchema#MAX_BATCH_ROWS}
   * @param origin what rows come from, named in validation errors (default: the output file)
   * @param zstdLevel ZSTD level, 1 (fastest) to 22; the default 3 is zstd's own. Level 1 ingested a 10 M-row CSV
   *     15-30% faster (IngestBench) but wrote the memwriter trace 3x larger (2.6 MB against 0.83 MB)
   */
  public record Options(boolean compress, int batchRows, String origin, int zstdLevel) {
    public static final int DEFAULT_ZSTD_LEVEL = 3;
    public static final Options DEFAULT = new Options(true, TraceSchema.MAX_BATCH_ROWS, null, DEFAULT_ZSTD_LEVEL);

    public Options {
      if (batchRows < 1 || batchRows > TraceSchema.MAX_BATCH_ROWS) {
        throw new IllegalArgumentException("batchRows must be in 1.." + TraceSchema.MAX_BATCH_ROWS);
      }
      if (zstdLevel < 1 || zstdLevel > 22) {
        throw new IllegalArgumentException("the ZSTD level must be in 1..22, found " + zstdLevel);
      }
    }

    public Options withCompress(boolean c) {
      return new Options(c, batchRows, origin, zstdLevel);
    }

    public Options withBatchRows(int rows) {
      return new Options(compress, rows, origin, zstdLevel);
    }

    public Options withOrigin(String o) {
      return new Options(compress, batchRows, o, zstdLevel);
    }

    public Options withZstdLevel(int level) {
      return new Options(compress, batchRows, origin, level);
    }
  }

  private final TraceMetadata metadata;
  private final String origin;
  private final AtomicOutput output;
  /** Compression threads at most (one per core up to this): ZSTD is most of a writer's work. */
  public static final int COMPRESS_THREADS = 4;

  private final BufferAllocator allocator;
  private final Slot[] slots;
  private final ExecutorService compressor;
  private final FileChannel channel;
  private final BatchFileWriter writer;
  /** The slot the next batch goes to; when its batch is still pending, that batch is the oldest. */
  private int next;
  private final Map<String, String> footer;
  /** Each written batch's first and last t_us ({@link TraceSchema#FOOTER_BATCH_T_US}). */
  private final StringBuilder batchTimes = new StringBuilder();
  private final long[] tBuf;
  private final long[] pBuf;
  /** Per buffered row, whether it is a read; null for a trace of writes only. */
  private final boolean[] rBuf;
  private int buffered;
  private long rows;
  private long lastT = -1;
  private long lastPfn = -1;
  private boolean failed;
  private boolean closed;

  private TraceWriter(Path out, TraceMetadata metadata, Options options) throws IOException {
    this.metadata = metadata;
    this.origin = options.origin() != null ? options.origin() : out.toString();
    this.output = AtomicOutput.create(out);
    this.tBuf = new long[options.batchRows()];
    this.pBuf = new long[options.batchRows()];
    this.rBuf = metadata.readsRecorded() ? new boolean[options.batchRows()] : null;
    int threads = options.compress() ? Math.min(COMPRESS_THREADS, Runtime.getRuntime().availableProcessors()) : 0;
    BufferAllocator alloc = null;
    Slot[] sl = new Slot[threads + 1];
    FileChannel ch = null;
    ExecutorService pool = null;
    try {
      alloc = new RootAllocator();
      Map<String, String> meta = metadata.toMap();
      CompressionCodec.Factory factory =
          options.compress() ? CommonsCompressionFactory.INSTANCE : NoCompressionCodec.Factory.INSTANCE;
      CompressionUtil.CodecType codec =
          options.compress() ? CompressionUtil.CodecType.ZSTD : CompressionUtil.CodecType.NO_COMPRESSION;
      for (int i = 0; i < sl.length; i++) {
        VectorSchemaRoot r = VectorSchemaRoot.create(TraceSchema.schema(meta), alloc);
        // as ArrowWriter's own unloader: null counts included, buffers aligned
        sl[i] = new Slot(r, new VectorUnloader(r, true, factory.createCodec(codec, options.zstdLevel()), true));
      }
      ch = FileChannel.open(output.temp(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      // The footer map is read when the footer is written, so the row count can be added at close.
      footer = new HashMap<>(meta);
      writer = new BatchFileWriter(sl[0].root, ch, footer, factory, codec, options.zstdLevel());
      writer.start();
      if (threads > 0) {
        pool = Executors.newFixedThreadPool(threads, task -> {
          Thread t = new Thread(task, "trace-writer-zstd");
          t.setDaemon(true);
          return t;
        });
      }
    } catch (IOException | RuntimeException e) {
      for (Slot x : sl) {
        closeQuietly(x == null ? null : x.root);
      }
      closeQuietly(ch, alloc);
      output.close();
      throw e;
    }
    this.allocator = alloc;
    this.slots = sl;
    this.compressor = pool;
    this.channel = ch;
  }

  /** A batch's vectors and, once handed over, the batch being unloaded (compressed) from them. */
  private static final class Slot {
    final VectorSchemaRoot root;
    final VectorUnloader unloader;
    Future<ArrowRecordBatch> pending;

    Slot(VectorSchemaRoot root, VectorUnloader unloader) {
      this.root = root;
      this.unloader = unloader;
    }
  }

  /** Opens a writer for {@code out} with the default options (ZSTD, 65,536-row batches). */
  public static TraceWriter create(Path out, TraceMetadata metadata) throws IOException {
    return new TraceWriter(out, metadata, Options.DEFAULT);
  }

  public static TraceWriter create(Path out, TraceMetadata metadata, Options options) throws IOException {
    return new TraceWriter(out, metadata, options);
  }

  public TraceMetadata metadata() {
    return metadata;
  }

  /** Rows accepted so far. */
  public long rowCount() {
    return rows;
  }

  /**
   * Appends one row.
   *
   * @throws BadInputException if the row is out of order, a duplicate, or outside the trace's time or RAM
   */
  public void write(long tUs, long pfn) throws IOException {
    write(tUs, pfn, false);
  }

  /**
   * Appends one row, a read or a write; a read only in a trace whose metadata says {@code reads=recorded}.
   *
   * @throws BadInputException if the row is out of order, a duplicate, or outside the trace's time or RAM
   */
  public void write(long tUs, long pfn, boolean read) throws IOException {
    if (read && rBuf == null) {
      fail(tUs, pfn, "a read in a trace whose metadata does not say reads=recorded");
    }
    if (tUs < lastT || (tUs == lastT && pfn <= lastPfn)) {
      fail(tUs, pfn, tUs == lastT && pfn == lastPfn
          ? "duplicate (t_us, pfn) pair"
          : "rows must be sorted by (t_us, pfn); previous row was (" + lastT + ", " + lastPfn + ")");
    }
    if (tUs < 0 || tUs >= metadata.durationUs()) {
      fail(tUs, pfn, "t_us outside [0, duration_us=" + metadata.durationUs() + ")");
    }
    if (!metadata.ramRanges().contains(pfn)) {
      fail(tUs, pfn, "pfn outside ram_ranges " + metadata.ramRanges());
    }
    lastT = tUs;
    lastPfn = pfn;
    tBuf[buffered] = tUs;
    pBuf[buffered] = pfn;
    if (rBuf != null) {
      rBuf[buffered] = read;
    }
    rows++;
    if (++buffered == tBuf.length) {
      flush();
    }
  }

  /** Appends rows {@code [0, n)} of the two arrays. */
  public void write(long[] tUs, long[] pfn, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      write(tUs[i], pfn[i]);
    }
  }

  private void fail(long tUs, long pfn, String why) {
    failed = true;
    throw new BadInputException(origin, "row " + (rows + 1) + " (t_us=" + tUs + ", pfn=" + pfn + "): " + why);
  }

  private void flush() throws IOException {
    if (buffered == 0) {
      return;
    }
    try {
      Slot slot = slots[next];
      writePending(slot);
      BigIntVector t = (BigIntVector) slot.root.getVector(TraceSchema.T_US);
      BigIntVector p = (BigIntVector) slot.root.getVector(TraceSchema.PFN);
      fill(t, tBuf, buffered);
      fill(p, pBuf, buffered);
      if (rBuf != null) {
        org.apache.arrow.vector.BitVector r = (org.apache.arrow.vector.BitVector) slot.root.getVector(TraceSchema.READ);
        r.allocateNew(buffered);
        for (int i = 0; i < buffered; i++) {
          r.set(i, rBuf[i] ? 1 : 0);
        }
        r.setValueCount(buffered);
      }
      slot.root.setRowCount(buffered);
      batchTimes.append(batchTimes.isEmpty() ? "" : ",").append(tBuf[0]).append('-').append(tBuf[buffered - 1]);
      if (compressor != null) {
        slot.pending = compressor.submit(slot.unloader::getRecordBatch);
      } else {
        slot.pending = java.util.concurrent.CompletableFuture.completedFuture(slot.unloader.getRecordBatch());
      }
      next = (next + 1) % slots.length;
      buffered = 0;
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** Waits for the slot's batch, if any, and writes it. */
  private void writePending(Slot slot) throws IOException {
    if (slot.pending == null) {
      return;
    }
    Future<ArrowRecordBatch> f = slot.pending;
    slot.pending = null;
    ArrowRecordBatch batch;
    try {
      batch = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while compressing a record batch");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    }
    try (batch) {
      writer.write(batch);
    }
  }

  /** Writes every pending batch, oldest first. */
  private void writeAllPending() throws IOException {
    for (int i = 0; i < slots.length; i++) {
      writePending(slots[(next + i) % slots.length]);
    }
  }

  private static void fill(BigIntVector v, long[] values, int n) {
    v.allocateNew(n);
    v.getDataBuffer().nioBuffer(0, n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values, 0, n);
    int fullBytes = n >>> 3;
    v.getValidityBuffer().setOne(0L, (long) fullBytes);
    for (int i = fullBytes << 3; i < n; i++) {
      BitVectorHelper.setValidityBit(v.getValidityBuffer(), i, 1);
    }
  }

  /** Abandons the file: nothing is written to the target. */
  public void abort() throws IOException {
    failed = true;
    close();
  }

  /** Writes the last batch and the footer, then moves the file into place (unless a write failed). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!failed) {
        flush();
        writeAllPending();
        footer.put(TraceSchema.FOOTER_ROW_COUNT, Long.toString(rows));
        footer.put(TraceSchema.FOOTER_BATCH_T_US, batchTimes.toString());
        writer.end();
      }
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    } finally {
      try {
        stopCompressing();
        closeQuietly(writer);
        for (Slot slot : slots) {
          closeQuietly(slot.root);
        }
        closeQuietly(channel, allocator);
      } finally {
        if (!failed) {
          output.commit();
        }
        output.close();
      }
    }
  }

  /** Lets running compressions end (they read the slots' vectors) and frees the batches no one will write. */
  private void stopCompressing() {
    if (compressor != null) {
      compressor.shutdown();
      boolean interrupted = false;
      while (true) {
        try {
          if (compressor.awaitTermination(1, TimeUnit.MINUTES)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    for (Slot slot : slots) {
      if (slot.pending != null) {
        try {
          slot.pending.get().close();
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
          // the batch failed or was never made: nothing to free
        }
        slot.pending = null;
      }
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable c : resources) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // the first failure is already being reported
        }
      }
    }
  }
}
