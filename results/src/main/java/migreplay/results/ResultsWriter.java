package migreplay.results;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import migreplay.io.AtomicOutput;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@code runs.arrow}, {@code runs.csv}, {@code rounds.arrow} and {@code rounds.csv} (README.md,
 * "Results"): each column defined once below and written to both formats, each file atomically. CSV numbers
 * use Java's shortest round-trip form, independent of locale, so the output is byte-identical for the same
 * results. A failed run's measures (rounds, pages, bytes, times, hot pages, converged) are empty: null in
 * Arrow, an empty field in CSV. The provenance (what wrote the results: version, command line, options) goes
 * into the Arrow schema metadata of both files.
 */
public final class ResultsWriter {
  private enum Kind { LONG, INT, DOUBLE, STRING, BOOL }

  /** A column; {@code value} gives null for an empty cell, which only a nullable column has. */
  private record Column<T>(String name, Kind kind, boolean nullable, Function<T, Object> value) {
    Column(String name, Kind kind, Function<T, Object> value) {
      this(name, kind, false, value);
    }
  }

  private static <T> Column<T> nullable(String name, Kind kind, Function<T, Object> value) {
    return new Column<>(name, kind, true, value);
  }

  /** A QEMU counter: empty for algorithms without query-migrate's counters, and for failed runs. */
  private static Column<RunResult> counter(String name, Kind kind, Function<RunResult.Counters, Object> f) {
    return measure(name, kind, r -> r.counters() == null ? null : f.apply(r.counters()));
  }

  /** A post-copy figure: empty for a run that did not switch to post-copy, and for failed runs. */
  private static Column<RunResult> postcopy(String name, Kind kind, Function<RunResult.Postcopy, Object> f) {
    return measure(name, kind, r -> r.postcopy() == null ? null : f.apply(r.postcopy()));
  }

  private static Function<Round, Object> sync(Function<RoundResult.Sync, Object> f) {
    return x -> x.r().sync() == null ? null : f.apply(x.r().sync());
  }

  private record Round(long runId, RoundResult r) {}

  /** A runs column that is a result, not an option: empty for a failed run. */
  private static Column<RunResult> measure(String name, Kind kind, Function<RunResult, Object> f) {
    return new Column<>(name, kind, true, r -> r.ok() ? f.apply(r) : null);
  }

  private static final List<Column<RunResult>> RUNS = List.of(
      new Column<>("run_id", Kind.LONG, RunResult::runId),
      new Column<>("trace", Kind.STRING, RunResult::trace),
      new Column<>("trace_name", Kind.STRING, RunResult::traceName),
      new Column<>("algorithm", Kind.STRING, RunResult::algorithm),
      new Column<>("params", Kind.STRING, RunResult::params),
      new Column<>("bandwidth_bps", Kind.LONG, RunResult::bandwidthBps),
      new Column<>("page_size", Kind.LONG, RunResult::pageSize),
      new Column<>("page_header_bytes", Kind.LONG, RunResult::pageHeaderBytes),
      new Column<>("start_us", Kind.LONG, RunResult::startUs),
      new Column<>("trace_end", Kind.STRING, RunResult::traceEnd),
      new Column<>("within_epoch", Kind.STRING, RunResult::withinEpoch),
      new Column<>("resume_overhead_us", Kind.LONG, RunResult::resumeOverheadUs),
      new Column<>("ram_pages", Kind.LONG, RunResult::ramPages),
      new Column<>("status", Kind.STRING, RunResult::status),
      new Column<>("reason", Kind.STRING, RunResult::reason),
      measure("rounds", Kind.INT, RunResult::rounds),
      measure("pages_sent", Kind.LONG, RunResult::pagesSent),
      measure("bytes_sent", Kind.LONG, RunResult::bytesSent),
      measure("total_time_s", Kind.DOUBLE, RunResult::totalTimeS),
      measure("downtime_s", Kind.DOUBLE, RunResult::downtimeS),
      measure("last_round_pages", Kind.LONG, RunResult::lastRoundPages),
      measure("hot_pages", Kind.LONG, RunResult::hotPages),
      measure("converged", Kind.BOOL, RunResult::converged),
      new Column<>("trace_laps", Kind.LONG, RunResult::traceLaps),
      measure("migration_status", Kind.STRING, RunResult::migrationStatus),
      counter("normal_pages", Kind.LONG, RunResult.Counters::normalPages),
      counter("zero_pages", Kind.LONG, RunResult.Counters::zeroPages),
      counter("dirty_sync_count", Kind.LONG, RunResult.Counters::dirtySyncCount),
      counter("downtime_bytes", Kind.LONG, RunResult.Counters::downtimeBytes),
      counter("expected_downtime_s", Kind.DOUBLE, RunResult.Counters::expectedDowntimeS),
      counter("transferred_bytes", Kind.LONG, RunResult.Counters::transferredBytes),
      counter("remaining_bytes", Kind.LONG, RunResult.Counters::remainingBytes),
      postcopy("postcopy_start_s", Kind.DOUBLE, RunResult.Postcopy::startS),
      postcopy("postcopy_s", Kind.DOUBLE, RunResult.Postcopy::phaseS),
      postcopy("precopy_pages", Kind.LONG, RunResult.Postcopy::precopyPages),
      postcopy("postcopy_pages", Kind.LONG, RunResult.Postcopy::postcopyPages),
      postcopy("postcopy_bytes", Kind.LONG, RunResult.Postcopy::postcopyBytes),
      postcopy("postcopy_requests", Kind.LONG, RunResult.Postcopy::requests),
      postcopy("postcopy_request_pages", Kind.LONG, RunResult.Postcopy::requestPages),
      postcopy("fault_wait_s", Kind.DOUBLE, RunResult.Postcopy::faultWaitS),
      postcopy("fault_accesses", Kind.STRING, RunResult.Postcopy::faultAccesses),
      measure("manager_actions", Kind.STRING, RunResult::managerActions));

  private static final List<Column<Round>> ROUNDS = List.of(
      new Column<>("run_id", Kind.LONG, Round::runId),
      new Column<>("round", Kind.INT, x -> x.r().round()),
      new Column<>("start_s", Kind.DOUBLE, x -> x.r().startS()),
      new Column<>("duration_s", Kind.DOUBLE, x -> x.r().durationS()),
      new Column<>("pages_sent", Kind.LONG, x -> x.r().pagesSent()),
      nullable("pages_skipped", Kind.LONG, x -> x.r().pagesSkipped()),
      new Column<>("pages_dirtied", Kind.LONG, x -> x.r().pagesDirtied()),
      nullable("hot_added", Kind.LONG, x -> x.r().hotAdded()),
      new Column<>("last", Kind.BOOL, x -> x.r().last()),
      nullable("zero_pages", Kind.LONG, sync(RoundResult.Sync::zeroPages)),
      nullable("threshold_bytes", Kind.LONG, sync(RoundResult.Sync::thresholdBytes)),
      nullable("bandwidth_bytes_per_s", Kind.DOUBLE, sync(RoundResult.Sync::bandwidthBytesPerS)),
      new Column<>("phase", Kind.STRING, x -> x.r().phase()),
      nullable("manager_actions", Kind.STRING, x -> x.r().managerActions()));

  private static final List<Column<DrainRow>> DRAIN = List.of(
      new Column<>("host", Kind.STRING, DrainRow::host),
      new Column<>("drain_id", Kind.LONG, DrainRow::drainId),
      new Column<>("parallel", Kind.INT, DrainRow::parallel),
      new Column<>("link_bps", Kind.LONG, DrainRow::linkBps),
      new Column<>("order", Kind.STRING, DrainRow::order),
      new Column<>("algorithm", Kind.STRING, DrainRow::algorithm),
      new Column<>("params", Kind.STRING, DrainRow::params),
      new Column<>("position", Kind.INT, DrainRow::position),
      new Column<>("guest", Kind.STRING, DrainRow::guest),
      new Column<>("trace", Kind.STRING, DrainRow::trace),
      new Column<>("wait_s", Kind.DOUBLE, DrainRow::waitS),
      new Column<>("start_s", Kind.DOUBLE, DrainRow::startS),
      new Column<>("end_s", Kind.DOUBLE, DrainRow::endS),
      new Column<>("trace_start_s", Kind.DOUBLE, DrainRow::traceStartS),
      new Column<>("status", Kind.STRING, DrainRow::status),
      new Column<>("reason", Kind.STRING, DrainRow::reason),
      nullable("migration_status", Kind.STRING, DrainRow::migrationStatus),
      nullable("bytes_sent", Kind.LONG, DrainRow::bytesSent),
      nullable("total_time_s", Kind.DOUBLE, DrainRow::totalTimeS),
      nullable("downtime_s", Kind.DOUBLE, DrainRow::downtimeS),
      nullable("mean_link_share", Kind.DOUBLE, DrainRow::meanLinkShare),
      new Column<>("trace_laps", Kind.LONG, DrainRow::traceLaps));

  private static final List<Column<LinkUse>> LINK = List.of(
      new Column<>("host", Kind.STRING, LinkUse::host),
      new Column<>("drain_id", Kind.LONG, LinkUse::drainId),
      new Column<>("start_s", Kind.DOUBLE, LinkUse::startS),
      new Column<>("interval_s", Kind.DOUBLE, LinkUse::intervalS),
      new Column<>("position", Kind.INT, LinkUse::position),
      new Column<>("guest", Kind.STRING, LinkUse::guest),
      new Column<>("bits", Kind.LONG, LinkUse::bits));

  private ResultsWriter() {}

  /**
   * Writes a drain's results into {@code dir} (created if needed): {@code drain} (one row per guest of each
   * drain) and {@code link} (what the link carried per guest over time) as Arrow IPC, CSV and Parquet, each
   * file atomically, with the provenance as for {@link #write(Path, List, Map)}.
   */
  public static void writeDrain(Path dir, List<DrainRow> rows, List<LinkUse> link, Map<String, String> provenance)
      throws IOException {
    migreplay.io.AtomicOutput.checkWritable(dir.resolve("drain.arrow"));
    migreplay.io.AtomicOutput.createDirectories(dir);
    Map<String, String> meta = new TreeMap<>(provenance);
    writeAll(dir, "drain", DRAIN, rows, meta);
    writeAll(dir, "link", LINK, link, meta);
  }

  /** The Arrow type of each runs column as the writer writes it ({@code int64}, {@code int32}, {@code float64},
   * {@code utf8}, {@code bool}), in column order: what readers of results written by other tools check against. */
  public static Map<String, String> runTypes() {
    return types(RUNS);
  }

  /** As {@link #runTypes()}, for the rounds columns. */
  public static Map<String, String> roundTypes() {
    return types(ROUNDS);
  }

  private static <T> Map<String, String> types(List<Column<T>> cols) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (Column<T> c : cols) {
      m.put(c.name(), switch (c.kind()) {
        case LONG -> "int64";
        case INT -> "int32";
        case DOUBLE -> "float64";
        case STRING -> "utf8";
        case BOOL -> "bool";
      });
    }
    return m;
  }

  /** Writes the four files into {@code dir} (created if needed), without provenance. */
  public static void write(Path dir, List<RunResult> runs) throws IOException {
    write(dir, runs, Map.of());
  }

  /**
   * Writes runs and rounds as Arrow IPC, CSV and Parquet into {@code dir} (created if needed).
   *
   * @param provenance what wrote the results (e.g. {@code migreplay.version}, {@code migreplay.command}); the
   *     schema metadata of the Arrow files and the key-value metadata of the Parquet files. It must not
   *     depend on anything that does not change the results (thread count, clock), so that the files stay
   *     byte-identical.
   */
  public static void write(Path dir, List<RunResult> runs, Map<String, String> provenance) throws IOException {
    migreplay.io.AtomicOutput.checkWritable(dir.resolve("runs.arrow"));
    migreplay.io.AtomicOutput.createDirectories(dir);
    List<Round> rounds = new ArrayList<>();
    for (RunResult run : runs) {
      for (RoundResult r : run.roundResults()) {
        rounds.add(new Round(run.runId(), r));
      }
    }
    Map<String, String> meta = new TreeMap<>(provenance);
    writeAll(dir, "runs", RUNS, runs, meta);
    writeAll(dir, "rounds", ROUNDS, rounds, meta);
  }

  private static <T> void writeAll(Path dir, String name, List<Column<T>> columns, List<T> rows,
      Map<String, String> meta) throws IOException {
    List<ParquetFile.Column> cells = new ArrayList<>();
    for (Column<T> c : columns) {
      Object[] values = new Object[rows.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = c.value().apply(rows.get(i));
      }
      cells.add(new ParquetFile.Column(c.name(), switch (c.kind()) {
        case LONG -> ParquetFile.Type.INT64;
        case INT -> ParquetFile.Type.INT32;
        case DOUBLE -> ParquetFile.Type.DOUBLE;
        case STRING -> ParquetFile.Type.STRING;
        case BOOL -> ParquetFile.Type.BOOLEAN;
      }, c.nullable(), values));
    }
    writeArrow(dir.resolve(name + ".arrow"), cells, rows.size(), meta);
    writeCsv(dir.resolve(name + ".csv"), cells, rows.size());
    ParquetFile.write(dir.resolve(name + ".parquet"), cells, rows.size(), meta);
  }

  private static void writeCsv(Path file, List<ParquetFile.Column> columns, int rows) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
        .setHeader(columns.stream().map(ParquetFile.Column::name).toArray(String[]::new)).get();
    try (AtomicOutput out = AtomicOutput.create(file)) {
      try (Writer w = Files.newBufferedWriter(out.temp(), StandardCharsets.UTF_8);
           CSVPrinter p = new CSVPrinter(w, format)) {
        for (int i = 0; i < rows; i++) {
          for (ParquetFile.Column c : columns) {
            Object v = c.values()[i];
            p.print(v == null ? "" : String.valueOf(v));
          }
          p.println();
        }
      }
      out.commit();
    }
  }

  private static void writeArrow(Path file, List<ParquetFile.Column> columns, int rows, Map<String, String> meta)
      throws IOException {
    List<Field> fields = new ArrayList<>();
    for (ParquetFile.Column c : columns) {
      ArrowType type = switch (c.type()) {
        case INT64 -> new ArrowType.Int(64, true);
        case INT32 -> new ArrowType.Int(32, true);
        case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        case STRING -> ArrowType.Utf8.INSTANCE;
        case BOOLEAN -> ArrowType.Bool.INSTANCE;
      };
      fields.add(c.nullable() ? Field.nullable(c.name(), type) : Field.notNullable(c.name(), type));
    }
    try (AtomicOutput out = AtomicOutput.create(file);
         BufferAllocator alloc = new RootAllocator();
         VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields, meta), alloc)) {
      for (FieldVector v : root.getFieldVectors()) {
        v.setInitialCapacity(Math.max(1, rows));
      }
      root.allocateNew();
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns.size(); j++) {
          set(root.getVector(j), i, columns.get(j).values()[i]);
        }
      }
      root.setRowCount(rows);
      try (FileChannel ch = FileChannel.open(out.temp(), StandardOpenOption.WRITE);
           ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
        w.start();
        w.writeBatch();
        w.end();
      }
      out.commit();
    }
  }

  private static void set(FieldVector v, int i, Object value) {
    if (value == null) {
      v.setNull(i);
    } else if (v instanceof BigIntVector b) {
      b.setSafe(i, (Long) value);
    } else if (v instanceof IntVector n) {
      n.setSafe(i, (Integer) value);
    } else if (v instanceof Float8Vector d) {
      d.setSafe(i, (Double) value);
    } else if (v instanceof VarCharVector s) {
      s.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else {
      ((BitVector) v).setSafe(i, (Boolean) value ? 1 : 0);
    }
  }
}
