package migreplay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every input shape comes out sorted by (t_us, pfn) without duplicates, in memory or spilled to runs. */
class RowSorterTest {
  /**
   * @param shape sorted: as recorders write; by-time: each time's pages unordered (16 rows a time: sorted time by
   *     time); big-times: the same with 2,000 rows a time (radix-sorted as unsorted rows); random: any order;
   *     (radix-sorted in 2 passes of a packed key); mid: any order, 60-bit packed keys (6 passes); wide: times and
   *     pfns too large to pack into one long (an index sort)
   */
  @ParameterizedTest
  @CsvSource({"sorted,100000", "sorted,500", "by-time,100000", "by-time,500", "big-times,100000", "big-times,500", "random,100000", "random,500",
      "mid,100000", "mid,500", "wide,100000", "wide,500"})
  void sortsAndDedupesEveryShape(String shape, int memoryRows) throws IOException {
    SplittableRandom rnd = new SplittableRandom(shape.hashCode());
    List<long[]> rows = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      int bits = shape.equals("wide") ? 40 : shape.equals("mid") ? 30 : 0;
      long t = bits > 0 ? rnd.nextLong(1L << bits) : i / (shape.equals("big-times") ? 2000 : 16) * 10;
      long p = bits > 0 ? rnd.nextLong(1L << bits) : rnd.nextLong(64);
      if (i % 10 == 9) { // some exact duplicates: of the row before, in the same time group (i is odd)
        t = rows.get(i - 1)[0];
        p = rows.get(i - 1)[1];
      }
      rows.add(new long[] {t, p});
    }
    if (shape.equals("sorted")) {
      rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    } else if (!shape.startsWith("by-time") && !shape.equals("big-times")) {
      java.util.Collections.shuffle(rows, new java.util.Random(5));
    }
    TreeSet<List<Long>> expected = new TreeSet<>((a, b) ->
        !a.get(0).equals(b.get(0)) ? Long.compare(a.get(0), b.get(0)) : Long.compare(a.get(1), b.get(1)));
    List<List<Long>> got = new ArrayList<>();
    try (RowSorter sorter = new RowSorter(memoryRows)) {
      for (long[] r : rows) {
        sorter.accept(r[0], r[1]);
        expected.add(List.of(r[0], r[1]));
      }
      sorter.drain((t, p) -> got.add(List.of(t, p)));
      assertEquals(4000, sorter.rowsIn());
      assertEquals(memoryRows < 4000, sorter.spilledRuns() > 0);
    }
    assertEquals(new ArrayList<>(expected), got);
  }
}
