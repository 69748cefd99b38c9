package migreplay.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import migreplay.replay.params.Units;
import migreplay.results.RunResult;

/**
 * A fixed-width text table of runs for the terminal: the parameters that tell an algorithm's parameter sets
 * apart ({@link ParamSets}; every parameter is in runs.csv) and the times the trace was replayed
 * ({@code laps}, marked {@code *} when the migration outlasted the trace and looped it), and the outcome
 * ({@link Outcome}): only a completed run has a downtime; a run that did not converge shows what it had sent
 * and how long it ran when it was cancelled; a failed run shows its reason and no measures.
 */
public final class RunTable {
  private RunTable() {}

  public static String format(List<RunResult> runs) {
    Map<String, Set<String>> sets = new TreeMap<>();
    for (RunResult r : runs) {
      sets.computeIfAbsent(r.algorithm(), k -> new TreeSet<>()).add(r.params());
    }
    Map<String, Map<String, String>> differing = new TreeMap<>();
    sets.forEach((a, p) -> differing.put(a, ParamSets.distinguishing(p)));
    int paramsWidth = 6;
    for (Map<String, String> d : differing.values()) {
      for (String v : d.values()) {
        paramsWidth = Math.max(paramsWidth, v.length());
      }
    }
    StringBuilder b = new StringBuilder();
    String head = "%-24s %-17s %-" + paramsWidth + "s %9s %5s %6s %11s %11s %12s %9s %s%n";
    b.append(String.format(Locale.US, head, "trace", "algorithm", "params", "bandwidth", "laps", "rounds",
        "sent_MiB", "total_s", "downtime_ms", "hot", "outcome"));
    boolean looped = false;
    for (RunResult r : runs) {
      String laps = r.traceLaps() + (r.looped() ? "*" : "");
      looped |= r.looped();
      String params = differing.get(r.algorithm()).get(r.params());
      params = params.isEmpty() ? "-" : params;
      Outcome o = Outcome.of(r);
      if (o != Outcome.FAILED) {
        String atLeast = o.completed() ? "" : ">=";
        String outcome = o.completed() ? o.cell(r.converged(), r.rounds())
            : o.label() + String.format(Locale.US, " (cancelled at %.0f s: no downtime)", r.totalTimeS());
        b.append(String.format(Locale.US, "%-24s %-17s %-" + paramsWidth + "s %9s %5s %6d %11s %11s %12s %9s %s%n",
            clip(r.traceName(), 24), r.algorithm(), params, Units.formatBandwidth(r.bandwidthBps()), laps, r.rounds(),
            atLeast + String.format(Locale.US, "%.1f", r.bytesSent() / 1048576.0),
            atLeast + String.format(Locale.US, "%.3f", r.totalTimeS()),
            o.completed() ? TableFormat.milliseconds(r.downtimeS() * 1000) : "-",
            r.hotPages() == null ? "-" : r.hotPages().toString(), outcome));
      } else {
        b.append(String.format(Locale.US, head, clip(r.traceName(), 24), r.algorithm(), params,
            Units.formatBandwidth(r.bandwidthBps()), laps, "-", "-", "-", "-", "-", "failed: " + r.reason()));
      }
    }
    if (looped) {
      b.append("* the migration outlasted the trace, which was replayed from its start (--trace-end loop)\n");
    }
    if (runs.stream().anyMatch(r -> Outcome.of(r) == Outcome.NOT_CONVERGED)) {
      b.append(">= a run that did not converge had sent this much when cancelled; it has no downtime\n");
    }
    return b.toString();
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
