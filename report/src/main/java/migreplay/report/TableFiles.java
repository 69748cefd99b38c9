package migreplay.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes a Tablesaw table as an Arrow IPC file and as CSV with the same columns, each atomically (the
 * reverse of {@link Results}'s reader). Long, int, double, boolean and string columns; a missing value is a
 * null in Arrow and an empty field in CSV. CSV numbers are plain (no exponent) in their shortest round-trip
 * form, independent of locale, so the same table gives byte-identical files.
 */
public final class TableFiles {
  private TableFiles() {}

  /** The CSV dialect of every table the report writes: RFC 4180, fields quoted only when they must be, LF. */
  static CSVFormat csvFormat(List<String> header) {
    return CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header.toArray(String[]::new)).get();
  }

  public static void writeCsv(Table t, Path file) throws IOException {
    CSVFormat format = csvFormat(t.columnNames());
    try (AtomicOutput out = AtomicOutput.create(file)) {
      try (Writer w = Files.newBufferedWriter(out.temp(), StandardCharsets.UTF_8);
           CSVPrinter p = new CSVPrinter(w, format)) {
        for (int r = 0; r < t.rowCount(); r++) {
          for (Column<?> c : t.columns()) {
            p.print(csvCell(c, r));
          }
          p.println();
        }
      }
      out.commit();
    }
  }

  static String csvCell(Column<?> c, int r) {
    if (c.isMissing(r)) {
      return "";
    }
    if (c instanceof DoubleColumn d) {
      double v = d.getDouble(r);
      return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }
    return String.valueOf(c.get(r));
  }

  public static void writeArrow(Table t, Path file) throws IOException {
    List<Field> fields = new ArrayList<>();
    for (Column<?> c : t.columns()) {
      fields.add(Field.nullable(c.name(), arrowType(c)));
    }
    try (AtomicOutput out = AtomicOutput.create(file);
         BufferAllocator alloc = new RootAllocator();
         VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), alloc)) {
      root.allocateNew();
      for (int j = 0; j < t.columnCount(); j++) {
        Column<?> c = t.column(j);
        FieldVector v = root.getVector(j);
        for (int i = 0; i < t.rowCount(); i++) {
          set(v, c, i);
        }
      }
      root.setRowCount(t.rowCount());
      try (FileChannel ch = FileChannel.open(out.temp(), StandardOpenOption.WRITE);
           ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
        w.start();
        w.writeBatch();
        w.end();
      }
      out.commit();
    }
  }

  private static ArrowType arrowType(Column<?> c) {
    if (c instanceof LongColumn) {
      return new ArrowType.Int(64, true);
    } else if (c instanceof IntColumn) {
      return new ArrowType.Int(32, true);
    } else if (c instanceof DoubleColumn) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    } else if (c instanceof BooleanColumn) {
      return ArrowType.Bool.INSTANCE;
    } else if (c instanceof StringColumn) {
      return ArrowType.Utf8.INSTANCE;
    }
    throw new IllegalArgumentException("column " + c.name() + " has a type Arrow output does not take: " + c.type());
  }

  private static void set(FieldVector v, Column<?> c, int i) {
    if (c.isMissing(i)) {
      v.setNull(i);
    } else if (v instanceof BigIntVector b) {
      b.setSafe(i, ((LongColumn) c).getLong(i));
    } else if (v instanceof IntVector n) {
      n.setSafe(i, ((IntColumn) c).getInt(i));
    } else if (v instanceof Float8Vector d) {
      d.setSafe(i, ((DoubleColumn) c).getDouble(i));
    } else if (v instanceof BitVector b) {
      b.setSafe(i, ((BooleanColumn) c).get(i) ? 1 : 0);
    } else {
      ((VarCharVector) v).setSafe(i, ((StringColumn) c).get(i).getBytes(StandardCharsets.UTF_8));
    }
  }
}
