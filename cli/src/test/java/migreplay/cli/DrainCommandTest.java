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
    assertTrue(rows.get(0).startsWith("host,drain_id,parallel,link_bps,order,algorithm,params,position,guest"), rows.get(0));
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

  @Test
  void aFleetOfHostSpecsDrainsEachHostOnItsOwnLinkTheSameForAnyThreadCount() throws Exception {
    Files.createDirectories(dir.resolve("fleet/guests"));
    String[][] guests = {{"a", "8MiB", "pages=50,p=0.9"}, {"b", "4MiB", "pages=200,p=0.9"}, {"c", "6MiB", "pages=20,p=0.5"}};
    for (String[] g : guests) {
      assertEquals(0, run("synth", "-o", p("fleet/guests/" + g[0] + ".trace.arrow"), "--ram", g[1], "--duration",
          "3s", "--epoch", "10ms", "--hot", g[2], "--cold", "rate=200"), err.toString());
    }
    Files.createDirectories(dir.resolve("fleet/hosts"));
    Files.writeString(dir.resolve("fleet/hosts/1.json"), "{\"host\": \"h1\", \"guests\": [\"../guests/a.trace.arrow\", "
        + "{\"trace\": \"../guests/b.trace.arrow\", \"start\": \"0.5s\", \"params\": {\"max_bandwidth\": \"2MiB/s\"}}]}");
    Files.writeString(dir.resolve("fleet/hosts/2.csv"),
        "host,trace\nh2,../guests/c.trace.arrow\nh3,../guests/a.trace.arrow\nh3,../guests/c.trace.arrow\n");
    byte[][] first = null;
    String[] files = {"drain.csv", "link.csv", "drain.arrow", "link.arrow"};
    for (String threads : new String[] {"1", "2"}) {
      // the same output path both times: the files' provenance names it
      assertEquals(0, run("drain", "--hosts", p("fleet/hosts"), "-a", "qemu-precopy", "--link", "100Mbit,1Gbit",
          "--parallel", "2", "-j", threads, "-o", p("fl")), err.toString());
      byte[][] now = new byte[files.length][];
      for (int i = 0; i < files.length; i++) {
        now[i] = Files.readAllBytes(dir.resolve("fl/" + files[i]));
        if (first != null) {
          assertArrayEquals(first[i], now[i], files[i] + " with -j 1 and -j 2");
        }
      }
      first = now;
    }
    List<String> rows = Files.readAllLines(dir.resolve("fl/drain.csv"));
    // hosts h1 (2 guests), h2 (1), h3 (2) x 2 links, host after host
    assertEquals(1 + 2 * (2 + 1 + 2), rows.size());
    assertTrue(rows.get(1).startsWith("h1,0,2,100000000,"), rows.get(1));
    assertTrue(rows.get(3).startsWith("h1,1,2,1000000000,"), rows.get(3));
    assertTrue(rows.get(5).startsWith("h2,2,2,100000000,"), rows.get(5));
    assertTrue(rows.get(10).startsWith("h3,5,2,1000000000,"), rows.get(10));
    assertTrue(out.toString().contains("drain 4 (host h3): qemu-precopy, 100Mbit"), out.toString());
    // h1's second guest: its own start in its trace and its own cap
    assertTrue(rows.get(2).contains("max_bandwidth=2MiB/s") && rows.get(2).contains(",0.5,ok,"), rows.get(2));
    assertTrue(!rows.get(1).contains("max_bandwidth=2MiB/s"), rows.get(1));
    assertTrue(out.toString().contains("wrote 6 drains"), out.toString());

    // report recognises a drain directory
    assertEquals(0, run("report", p("fl"), "-o", p("fl-report")), err.toString());
    String html = Files.readString(dir.resolve("fl-report/index.html"));
    assertTrue(html.contains("Fleet: 3 hosts"), "the fleet's table");
    assertTrue(html.contains("Drain 5 (host h3): 2 guests in "), "each drain's headline names its host");
    assertEquals(2, run("report", p("fl"), "--baseline", "xen-precopy", "-o", p("fl-report2")));
    assertTrue(err.toString().contains("--baseline applies to replay results"), err.toString());
  }

  @Test
  void drainsOfASweepAreLabelledByTheParametersThatSetThemApart() throws Exception {
    assertEquals(0, run("synth", "-o", p("one/a.trace.arrow"), "--ram", "4MiB", "--duration", "2s", "--epoch", "10ms",
        "--hot", "pages=20,p=0.5"), err.toString());
    assertEquals(0, run("drain", p("one"), "-a", "qemu-precopy", "-p", "manager=kubevirt,nova", "-o", p("one-out")),
        err.toString());
    assertTrue(out.toString().contains("--order given (manager=kubevirt): "), out.toString());
    assertTrue(out.toString().contains("--order given (manager=nova): "), out.toString());
    assertTrue(!out.toString().contains("live_migration_downtime_steps"), "not every setting: " + out);
    assertTrue(Files.readString(dir.resolve("one-out/index.html")).contains("order given (manager=nova)"));
  }

  @Test
  void badHostSpecsAreNamedWithWhereAndWhat() throws Exception {
    Files.createDirectories(dir.resolve("bad/guests"));
    assertEquals(0, run("synth", "-o", p("bad/guests/a.trace.arrow"), "--ram", "4MiB", "--duration", "1s",
        "--epoch", "10ms", "--hot", "pages=20,p=0.5"), err.toString());
    String[][] cases = {
        {"x.json", "{\"guests\": [{\"trace\": \"guests/a.trace.arrow\", \"params\": {\"max_bandwdth\": \"1MB/s\"}}]}",
            "host x, guest " + p("bad/guests/a.trace.arrow") + ": params: "},
        {"x.json", "{\"guests\": [{\"trace\": \"guests/a.trace.arrow\", \"start\": \"soon\"}]}",
            "x.json: guests item 1: key 'start': expected where in the trace"},
        {"x.json", "{\"guests\": [{\"trace\": \"guests/a.trace.arrow\", \"speed\": 2}]}",
            "x.json: guests item 1: unknown key 'speed'"},
        {"x.json", "{\"guests\": [\"guests/a.trace.arrow\"], \"link\": \"1Gbit\"}", "x.json: unknown key 'link'"},
        {"x.json", "{\"host\": \"h\", \"guests\": []}", "x.json: key 'guests': expected a non-empty array"},
        {"x.json", "{\"guests\": [\"guests/none.trace.arrow\"]}", "x.json: guests item 1: no such trace file"},
        {"x.csv", "trace\nguests/a.trace.arrow\nguests/none.trace.arrow\n", "x.csv:3: no such trace file"},
        {"x.csv", "guest\nguests/a.trace.arrow\n", "x.csv:1: expected a header with a 'trace' column"},
        {"x.csv", "trace\nguests/a.trace.arrow\nguests/a.trace.arrow\n", "host 'x' lists a guest twice"},
    };
    for (String[] c : cases) {
      Files.writeString(dir.resolve("bad/" + c[0]), c[1]);
      err.getBuffer().setLength(0);
      assertEquals(1, run("drain", "--hosts", p("bad/" + c[0]), "-a", "qemu-precopy", "-o", p("bad-out")), c[1]);
      assertTrue(err.toString().contains(c[2]), c[1] + " -> " + err);
      assertTrue(!err.toString().contains("Exception"), err.toString());
      Files.delete(dir.resolve("bad/" + c[0]));
    }
    Files.writeString(dir.resolve("bad/h.json"), "{\"host\": \"x\", \"guests\": [\"guests/a.trace.arrow\"]}");
    Files.writeString(dir.resolve("bad/x.csv"), "trace\nguests/a.trace.arrow\n");
    assertEquals(1, run("drain", "--hosts", p("bad"), "-a", "qemu-precopy", "-o", p("bad-out")));
    assertTrue(err.toString().contains("host 'x' is also in"), err.toString());
    assertEquals(2, run("drain", p("bad/guests"), "--hosts", p("bad"), "-a", "qemu-precopy", "-o", p("bad-out")));
    assertTrue(err.toString().contains("give the host's traces or --hosts, not both"), err.toString());
    assertEquals(2, run("drain", "-a", "qemu-precopy", "-o", p("bad-out")));
    assertTrue(err.toString().contains("Missing the host's guests"), err.toString());
    // an order that is none: the orders there are, from the one list of them
    assertEquals(2, run("drain", p("bad/guests"), "--order", "random", "-a", "qemu-precopy", "-o", p("bad-out")));
    assertTrue(err.toString().contains("Invalid value for option '--order': 'random': expected given, smallest-first, "
        + "calmest-first, busiest-first or best"), err.toString());
    assertTrue(!Files.exists(dir.resolve("bad-out/drain.csv")), "nothing written");
  }
}
