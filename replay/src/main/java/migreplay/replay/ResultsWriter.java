package migreplay.replay;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import migreplay.io.AtomicOutput;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
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
 * results.
 */
public final class ResultsWriter {
  private enum Kind { LONG, INT, DOUBLE, STRING, BOOL }

  /** A column; a nullable one holds null (empty in CSV) for rows of algorithms that lack it. */
  private record Column<T>(String name, Kind kind, boolean nullable, Function<T, Object> value) {
    Column(String name, Kind kind, Function<T, Object> value) {
      this(name, kind, false, value);
    }
  }

  private static <T> Column<T> nullable(String name, Kind kind, Function<T, Object> value) {
    return new Column<>(name, kind, true, value);
  }

  private static <T> Function<T, Object> counter(Function<T, RunResult.Counters> c,
      Function<RunResult.Counters, Object> f) {
    return row -> c.apply(row) == null ? null : f.apply(c.apply(row));
  }

  private static Function<Round, Object> sync(Function<RoundResult.Sync, Object> f) {
    return x -> x.r().sync() == null ? null : f.apply(x.r().sync());
  }

  private record Round(long runId, RoundResult r) {}

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
      new Column<>("rounds", Kind.INT, RunResult::rounds),
      new Column<>("pages_sent", Kind.LONG, RunResult::pagesSent),
      new Column<>("bytes_sent", Kind.LONG, RunResult::bytesSent),
      new Column<>("total_time_s", Kind.DOUBLE, RunResult::totalTimeS),
      new Column<>("downtime_s", Kind.DOUBLE, RunResult::downtimeS),
      new Column<>("last_round_pages", Kind.LONG, RunResult::lastRoundPages),
      nullable("hot_pages", Kind.LONG, RunResult::hotPages),
      new Column<>("converged", Kind.BOOL, RunResult::converged),
      nullable("migration_status", Kind.STRING, RunResult::migrationStatus),
      nullable("normal_pages", Kind.LONG, counter(RunResult::counters, RunResult.Counters::normalPages)),
      nullable("zero_pages", Kind.LONG, counter(RunResult::counters, RunResult.Counters::zeroPages)),
      nullable("dirty_sync_count", Kind.LONG, counter(RunResult::counters, RunResult.Counters::dirtySyncCount)),
      nullable("downtime_bytes", Kind.LONG, counter(RunResult::counters, RunResult.Counters::downtimeBytes)),
      nullable("expected_downtime_s", Kind.DOUBLE,
          counter(RunResult::counters, RunResult.Counters::expectedDowntimeS)),
      nullable("transferred_bytes", Kind.LONG, counter(RunResult::counters, RunResult.Counters::transferredBytes)),
      nullable("remaining_bytes", Kind.LONG, counter(RunResult::counters, RunResult.Counters::remainingBytes)));

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
      nullable("bandwidth_bytes_per_s", Kind.DOUBLE, sync(RoundResult.Sync::bandwidthBytesPerS)));

  private ResultsWriter() {}

  /** Writes the four files into {@code dir} (created if needed). */
  public static void write(Path dir, List<RunResult> runs) throws IOException {
    Files.createDirectories(dir);
    List<Round> rounds = new ArrayList<>();
    for (RunResult run : runs) {
      for (RoundResult r : run.roundResults()) {
        rounds.add(new Round(run.runId(), r));
      }
    }
    writeArrow(dir.resolve("runs.arrow"), RUNS, runs);
    writeCsv(dir.resolve("runs.csv"), RUNS, runs);
    writeArrow(dir.resolve("rounds.arrow"), ROUNDS, rounds);
    writeCsv(dir.resolve("rounds.csv"), ROUNDS, rounds);
  }

  private static <T> void writeCsv(Path file, List<Column<T>> columns, List<T> rows) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
        .setHeader(columns.stream().map(Column::name).toArray(String[]::new)).get();
    try (AtomicOutput out = AtomicOutput.create(file)) {
      try (Writer w = Files.newBufferedWriter(out.temp(), StandardCharsets.UTF_8);
           CSVPrinter p = new CSVPrinter(w, format)) {
        for (T row : rows) {
          for (Column<T> c : columns) {
            Object v = c.value().apply(row);
            p.print(v == null ? "" : String.valueOf(v));
          }
          p.println();
        }
      }
      out.commit();
    }
  }

  private static <T> void writeArrow(Path file, List<Column<T>> columns, List<T> rows) throws IOException {
    List<Field> fields = new ArrayList<>();
    for (Column<T> c : columns) {
      ArrowType type = switch (c.kind()) {
        case LONG -> new ArrowType.Int(64, true);
        case INT -> new ArrowType.Int(32, true);
        case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        case STRING -> ArrowType.Utf8.INSTANCE;
        case BOOL -> ArrowType.Bool.INSTANCE;
      };
      fields.add(c.nullable() ? Field.nullable(c.name(), type) : Field.notNullable(c.name(), type));
    }
    try (AtomicOutput out = AtomicOutput.create(file);
         BufferAllocator alloc = new RootAllocator();
         VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), alloc)) {
      root.allocateNew();
      for (int i = 0; i < rows.size(); i++) {
        for (int j = 0; j < columns.size(); j++) {
          set(root.getVector(j), i, columns.get(j).value().apply(rows.get(i)));
        }
      }
      root.setRowCount(rows.size());
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
      if (!v.getField().isNullable()) {
        throw new IllegalStateException("column " + v.getName() + " is not nullable");
      }
      if (v instanceof BaseFixedWidthVector f) {
        f.setNull(i);
      } else {
        ((VarCharVector) v).setNull(i);
      }
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
