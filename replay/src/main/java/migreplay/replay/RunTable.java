package migreplay.replay;

import java.util.List;
import java.util.Locale;

/** A fixed-width text table of runs for the terminal. */
public final class RunTable {
  private RunTable() {}

  public static String format(List<RunResult> runs) {
    StringBuilder b = new StringBuilder();
    String head = "%-24s %-17s %9s %6s %11s %11s %12s %9s %s%n";
    String row = "%-24s %-17s %9s %6d %11.1f %11.3f %12.1f %9s %s%n";
    b.append(String.format(Locale.US, head, "trace", "algorithm", "bandwidth", "rounds", "sent_MiB", "total_s",
        "downtime_ms", "hot", "status"));
    for (RunResult r : runs) {
      String status = !r.ok() ? "failed: " + r.reason()
          : RunResult.NOT_CONVERGED.equals(r.migrationStatus()) ? "ok (not converged)" : "ok";
      b.append(String.format(Locale.US, row, clip(r.traceName(), 24), r.algorithm(),
          Units.formatBandwidth(r.bandwidthBps()), r.rounds(), r.bytesSent() / 1048576.0, r.totalTimeS(),
          r.downtimeS() * 1000, r.hotPages() == null ? "-" : r.hotPages().toString(), status));
    }
    return b.toString();
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
