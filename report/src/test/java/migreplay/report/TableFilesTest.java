package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A table written as Arrow reads back the same (nulls included); CSV numbers are plain and missing is empty. */
class TableFilesTest {
  @TempDir Path dir;

  @Test
  void arrowRoundTripsAndCsvIsPlain() throws Exception {
    Table t = Table.create("t", StringColumn.create("name", "a", "b, \"quoted\""), LongColumn.create("n", 1, 2),
        IntColumn.create("i", 7, 8), DoubleColumn.create("x", new double[] {-4.06e-6, 1234567.5}),
        BooleanColumn.create("ok", true, false), DoubleColumn.create("e", new double[] {0.1, 0}));
    t.doubleColumn("e").setMissing(1);
    TableFiles.writeArrow(t, dir.resolve("t.arrow"));
    TableFiles.writeCsv(t, dir.resolve("t.csv"));
    Table back = Results.read(dir.resolve("t.arrow"), List.of("name", "e"));
    assertEquals(t.setName("x").print(), back.setName("x").print());
    assertEquals(true, back.doubleColumn("e").isMissing(1));
    assertEquals(List.of("name,n,i,x,ok,e", "a,1,7,-0.00000406,true,0.1", "\"b, \"\"quoted\"\"\",2,8,1234567.5,false,"),
        Files.readAllLines(dir.resolve("t.csv")));
  }
}
