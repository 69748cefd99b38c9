package migreplay.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import migreplay.io.BadInputException;
import migreplay.results.ResultsWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A results directory as Tablesaw tables: {@code runs.arrow} and {@code rounds.arrow} (README.md,
 * "Results"), read through a small Arrow → Tablesaw bridge by vector type.
 *
 * @param runs one row per run
 * @param rounds one row per round
 * @param provenance what wrote them (the schema metadata of runs.arrow: migreplay.version, migreplay.command,
 *     migreplay.options); empty for results written before provenance was recorded
 */
public record Results(Table runs, Table rounds, Map<String, String> provenance) {
  static final List<String> RUN_COLUMNS = List.of("run_id", "trace", "trace_name", "algorithm", "params",
      "bandwidth_bps", "page_header_bytes", "start_us", "trace_end", "within_epoch", "resume_overhead_us",
      "ram_pages", "status", "reason", "rounds", "pages_sent", "bytes_sent", "total_time_s", "downtime_s",
      "last_round_pages", "hot_pages", "converged");
  static final List<String> ROUND_COLUMNS = List.of("run_id", "round", "start_s", "duration_s", "pages_sent",
      "pages_skipped", "pages_dirtied", "hot_added", "last");

  /** What the report needs besides the columns check compares (results from before trace_laps lack it). */
  static final List<String> REPORT_COLUMNS = List.of("trace_laps", "migration_status", "page_size");

  /**
   * @throws BadInputException naming the file that is missing, unreadable or lacks a column
   */
  public static Results load(Path dir) throws IOException {
    List<String> runColumns = new java.util.ArrayList<>(RUN_COLUMNS);
    runColumns.addAll(REPORT_COLUMNS);
    Map<String, String> provenance = new TreeMap<>();
    Table runs = read(dir.resolve("runs.arrow"), runColumns, provenance, ResultsWriter.runTypes());
    return new Results(runs, read(dir.resolve("rounds.arrow"), ROUND_COLUMNS, new TreeMap<>(),
        ResultsWriter.roundTypes()), provenance);
  }

  static Table read(Path file, List<String> required) throws IOException {
    return read(file, required, new TreeMap<>(), Map.of());
  }

  /**
   * Reads {@code file} into a table, and its schema metadata into {@code metadata}; each column named in
   * {@code types} (name → Arrow type as {@link ResultsWriter} writes it) must hold that type, or one that says
   * the same values: whole numbers written as float64 (what pandas writes for an integer column with nulls)
   * become integers, integers where float64 is written become numbers; anything else is refused naming the
   * column.
   */
  static Table read(Path file, List<String> required, Map<String, String> metadata, Map<String, String> types)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file.toString(), "no such results file; expected the output of migreplay replay");
    }
    Table t = Table.create(file.toString());
    try (BufferAllocator alloc = new RootAllocator();
         FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
         ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
      VectorSchemaRoot root = r.getVectorSchemaRoot();
      if (root.getSchema().getCustomMetadata() != null) {
        metadata.putAll(root.getSchema().getCustomMetadata());
      }
      List<Column<?>> cols = root.getFieldVectors().stream().map(Results::empty).toList();
      cols.forEach(t::addColumns);
      for (ArrowBlock b : r.getRecordBlocks()) {
        r.loadRecordBatch(b);
        for (int c = 0; c < cols.size(); c++) {
          append(root.getVector(c), cols.get(c), root.getRowCount());
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadInputException) {
        throw e;
      }
      throw new BadInputException(file.toString(), "not a readable Arrow IPC file (" + e.getMessage() + ")", e);
    }
    for (String c : required) {
      if (!t.containsColumn(c)) {
        throw new BadInputException(file.toString(), "column '" + c + "' is missing; found " + t.columnNames());
      }
    }
    for (int i = 0; i < t.columnCount(); i++) {
      String type = types.get(t.column(i).name());
      if (type != null) {
        t.replaceColumn(i, typed(file, t.column(i), type));
      }
    }
    return t;
  }

  /** {@code c} as the column type {@code type} (an Arrow type name), or a one-line refusal. */
  private static Column<?> typed(Path file, Column<?> c, String type) {
    String what = "column '" + c.name() + "' ";
    boolean integer = type.equals("int64") || type.equals("int32");
    if (integer && (c instanceof DoubleColumn || c instanceof IntColumn || c instanceof LongColumn)) {
      if (type.equals("int64") && c instanceof LongColumn || type.equals("int32") && c instanceof IntColumn) {
        return c;
      }
      LongColumn l = LongColumn.create(c.name());
      IntColumn n = IntColumn.create(c.name());
      long min = type.equals("int32") ? Integer.MIN_VALUE : Long.MIN_VALUE;
      long max = type.equals("int32") ? Integer.MAX_VALUE : Long.MAX_VALUE;
      for (int r = 0; r < c.size(); r++) {
        if (c.isMissing(r)) {
          l.appendMissing();
          n.appendMissing();
          continue;
        }
        double d = ((tech.tablesaw.api.NumericColumn<?>) c).getDouble(r);
        long v = c instanceof LongColumn lc ? lc.get(r) : (long) d;
        if (c instanceof DoubleColumn && (d != Math.rint(d) || Math.abs(d) >= 0x1p53) || v < min || v > max) {
          throw new BadInputException(file.toString(), what + "row " + r + ": expected a whole number ("
              + type + ", as migreplay replay writes it), found " + d);
        }
        l.append(v);
        n.append((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
      }
      return type.equals("int32") ? n : l;
    }
    if (type.equals("float64") && (c instanceof DoubleColumn || c instanceof IntColumn || c instanceof LongColumn)) {
      return c instanceof DoubleColumn ? c : ((tech.tablesaw.api.NumericColumn<?>) c).asDoubleColumn();
    }
    if (type.equals("utf8") && c instanceof StringColumn || type.equals("bool") && c instanceof BooleanColumn) {
      return c;
    }
    throw new BadInputException(file.toString(), what + "holds " + kind(c) + "; expected " + type
        + " (as migreplay replay writes it)");
  }

  private static String kind(Column<?> c) {
    return c instanceof StringColumn ? "strings (utf8)" : c instanceof BooleanColumn ? "booleans (bool)"
        : c instanceof DoubleColumn ? "numbers (float64)" : "integers";
  }

  private static Column<?> empty(FieldVector v) {
    String n = v.getName();
    if (v instanceof BigIntVector) {
      return LongColumn.create(n);
    } else if (v instanceof IntVector) {
      return IntColumn.create(n);
    } else if (v instanceof Float8Vector) {
      return DoubleColumn.create(n);
    } else if (v instanceof BitVector) {
      return BooleanColumn.create(n);
    } else if (v instanceof VarCharVector) {
      return StringColumn.create(n);
    }
    throw new IllegalArgumentException("column " + n + " has an unsupported Arrow type " + v.getField().getType());
  }

  private static void append(FieldVector v, Column<?> c, int rows) {
    for (int i = 0; i < rows; i++) {
      if (v.isNull(i)) {
        c.appendMissing();
      } else if (v instanceof BigIntVector b) {
        ((LongColumn) c).append(b.get(i));
      } else if (v instanceof IntVector n) {
        ((IntColumn) c).append(n.get(i));
      } else if (v instanceof Float8Vector d) {
        ((DoubleColumn) c).append(d.get(i));
      } else if (v instanceof BitVector b) {
        ((BooleanColumn) c).append(b.get(i) != 0);
      } else {
        ((StringColumn) c).append(new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8));
      }
    }
  }
}
