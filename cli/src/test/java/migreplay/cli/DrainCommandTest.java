package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code migreplay drain} as a user types it: its files, its page, and the same results for any -j. */
class DrainCommandTest extends CliTest {
  @Test
  void drainWritesItsFilesAndPageTheSameForAnyThreadCount() throws Exception {
    Files.createDirectories(dir.resolve("host"));
    String[][] guests = {{"a", "8MiB", "pages=50,p=0.9"}, {"b", "4MiB", "pages=200,p=0.9"}, {"c", "6MiB", "pages=20,p=0.5"}};
    for (String[] g : guests) {
      assertEquals(0, run("synth", "-o", p("host/" + g[0] + ".trace.arrow"), "--ram", g[1], "--duration", "3s",
          "--epoch", "10ms", "--hot", g[2], "--cold", "rate=200"), err.toString());
    }
    for (String threads : new String[] {"1", "2"}) {
      assertEquals(0, run("drain", p("host"), "-a", "qemu-precopy", "--link", "100Mbit,1Gbit", "--parallel", "1,2",
          "--order", "best", "-p", "max_bandwidth=32MiB/s", "-j", threads, "-o", p("d" + threads)), err.toString());
    }
    // 2 parallelisms x 2 links, 3 guests each, plus the header
    List<String> rows = Files.readAllLines(dir.resolve("d1/drain.csv"));
    assertEquals(13, rows.size());
    assertTrue(rows.get(0).startsWith("drain_id,parallel,link_bps,order,algorithm,params,position,guest"), rows.get(0));
    for (String f : new String[] {"drain.csv", "link.csv"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("d1/" + f)), Files.readAllBytes(dir.resolve("d2/" + f)), f);
    }
    for (String f : new String[] {"drain.arrow", "link.arrow"}) {
      assertEquals(CommandsTest.arrowRows(dir.resolve("d1/" + f)), CommandsTest.arrowRows(dir.resolve("d2/" + f)), f);
    }
    String html = Files.readString(dir.resolve("d1/index.html"));
    assertTrue(html.contains("Timeline: qemu-precopy, 100Mbit, 2 at a time, order best"), "the Gantt chart");
    assertTrue(html.contains("\"orientation\":\"h\""), "drawn as horizontal bars");
    assertTrue(html.contains("Link use: "), "the link's use");
    assertTrue(html.contains("Drain 0: 3 guests in "), "the headline");
    assertTrue(Files.isRegularFile(dir.resolve("d1/drain.parquet")));
  }
}
