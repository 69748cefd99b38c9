package migreplay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import migreplay.trace.PageSet;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay inspect}: what a trace says about its guest. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Prints a trace's metadata, events, distinct pages, duration, dirty pages per second "
        + "(mean, p50, p99, max) and writable working set over 0.1 s, 1 s and 10 s windows.")
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Canonical traces (*.trace.arrow) to describe.")
  List<Path> traces;

  @Option(names = "--json", description = "One JSON object per trace, one per line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    for (Path t : traces) {
      TraceProfile p = TraceProfile.of(t);
      if (json) {
        out.println(mapper.writeValueAsString(toMap(t, p)));
      } else {
        print(out, t, p);
      }
    }
    return 0;
  }

  static Map<String, Object> toMap(Path file, TraceProfile p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trace", file.toString());
    Map<String, String> meta = new LinkedHashMap<>(p.metadata().toMap());
    meta.remove(TraceMetadata.KEY_INITIAL_NONZERO); // a binary blob: its count is below
    m.put("metadata", meta);
    m.put("events", p.events());
    if (p.metadata().readsRecorded()) {
      m.put("read_rows", p.readRows());
    }
    m.put("distinct_pages", p.distinctPages());
    m.put("ram_pages", p.metadata().ramPages());
    m.put("initial_nonzero_pages", p.metadata().initialNonzeroPages().map(PageSet::count).orElse(null));
    m.put("duration_s", p.durationS());
    m.put("dirty_pages_per_s", summary(p.dirtyRate().summary()));
    Map<String, Object> wws = new LinkedHashMap<>();
    for (TraceProfile.Series s : p.workingSets()) {
      wws.put(windowName(s.windowUs()), summary(s.summary()));
    }
    m.put("writable_working_set_pages", wws);
    return m;
  }

  private static Map<String, Object> summary(TraceProfile.Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", s.mean());
    m.put("p50", s.p50());
    m.put("p99", s.p99());
    m.put("max", s.max());
    return m;
  }

  static String windowName(long us) {
    return us % 1_000_000 == 0 ? (us / 1_000_000) + "s" : String.format(Locale.US, "%.1fs", us / 1e6);
  }

  private static void print(PrintWriter out, Path file, TraceProfile p) {
    TraceMetadata m = p.metadata();
    out.printf("%s%n", file);
    m.toMap().forEach((k, v) -> {
      if (!v.isEmpty() && !k.equals(TraceMetadata.KEY_INITIAL_NONZERO)) {
        out.printf("  %-18s %s%n", k, v);
      }
    });
    long pageSize = m.pageSize();
    out.printf(Locale.US, "  %-18s %d pages (%.1f MiB)%n", "guest RAM", m.ramPages(), m.ramPages() * pageSize / 1048576.0);
    out.printf(Locale.US, "  %-18s %s%n", "initial non-zero", m.initialNonzeroPages()
        .map(s -> String.format(Locale.US, "%d pages (%.1f%% of RAM)", s.count(), 100.0 * s.count() / m.ramPages()))
        .orElse("not in the trace"));
    out.printf(Locale.US, "  %-18s %.3f s%n", "duration", p.durationS());
    out.printf(Locale.US, "  %-18s %d%s%n", "events", p.events(), p.metadata().readsRecorded() ? " writes" : "");
    if (p.metadata().readsRecorded()) {
      out.printf(Locale.US, "  %-18s %d (first read of a page per interval, not written in it)%n", "read rows",
          p.readRows());
    }
    out.printf(Locale.US, "  %-18s %d (%.1f%% of RAM)%n", "distinct pages", p.distinctPages(),
        100.0 * p.distinctPages() / m.ramPages());
    out.printf("  %-18s %12s %12s %12s %12s%n", "", "mean", "p50", "p99", "max");
    row(out, "dirty pages/s", p.dirtyRate().summary());
    for (TraceProfile.Series s : p.workingSets()) {
      row(out, "WWS " + windowName(s.windowUs()) + " (pages)", s.summary());
    }
  }

  private static void row(PrintWriter out, String name, TraceProfile.Summary s) {
    out.printf(Locale.US, "  %-18s %12.1f %12.1f %12.1f %12.1f%n", name, s.mean(), s.p50(), s.p99(), s.max());
  }
}
