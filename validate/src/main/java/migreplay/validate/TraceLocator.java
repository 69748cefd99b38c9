package migreplay.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.IOException;
import migreplay.io.BadInputException;
import migreplay.io.Quote;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;

/**
 * Finds the trace a record names: its {@code trace} key resolved against the record's directory, then
 * against the traces directory (when given); a bare name may leave out {@code .trace.arrow}.
 *
 * @param tracesDir where traces named by records are looked for second, or null
 */
public record TraceLocator(Path tracesDir) {
  public Path locate(MigrationRecord r) {
    Path dir = r.file().toAbsolutePath().getParent();
    String trace = r.guest().trace();
    for (Path base : tracesDir == null ? List.of(dir) : List.of(dir, tracesDir)) {
      for (String name : List.of(trace, trace + ".trace.arrow")) {
        Path p;
        try {
          p = base.resolve(name).normalize();
        } catch (java.nio.file.InvalidPathException e) {
          throw new BadInputException(r.file().toString(), "key 'trace': expected a path or name, found "
              + Quote.of(trace) + " (" + e.getReason() + ")");
        }
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new BadInputException(r.file().toString(), "key 'trace': expected a trace file, found no " + Quote.of(trace)
        + " in " + dir + (tracesDir == null ? " (give --traces DIR to look in a traces directory too)"
            : " nor in " + tracesDir));
  }

  /**
   * Checks what the record says against its trace, once, before anything is replayed: the page size, a start
   * inside the trace, sync times inside the trace (measuring the log's share reads the trace up to the last);
   * with {@code verifyOrder}, a trace without batch time ranges in its footer is read once to check its order.
   *
   * @return {@code trace}
   */
  public Path check(MigrationRecord r, Path trace, boolean verifyOrder) throws IOException {
    TraceMetadata m;
    try (TraceReader reader = TraceReader.open(trace)) {
      m = reader.metadata();
      if (verifyOrder && !reader.hasBatchTimes()) {
        reader.verifyOrder(); // a trace without batch time ranges: rows a replay never reads are checked once
      }
    }
    String file = r.file().toString();
    if (r.guest().pageSize() != m.pageSize()) {
      throw new BadInputException(file, "key 'final_query_migrate.ram.page-size': expected the page size of its "
          + "trace " + trace.getFileName() + " (" + m.pageSize() + " B), found " + r.guest().pageSize() + " B");
    }
    double durationS = m.durationUs() / 1e6;
    if (r.guest().startInTraceS() * 1e6 >= m.durationUs()) {
      throw new BadInputException(file, "key 'start_in_trace_s': expected a guest time inside its trace "
          + trace.getFileName() + " (from 0 to before " + durationS + " s), found " + r.guest().startInTraceS());
    }
    if (r.syncs() != null) {
      double[] t = r.syncs().syncTraceS();
      for (int i = 0; i < t.length; i++) {
        if (t[i] * 1e6 > m.durationUs()) {
          throw new BadInputException(file, "key 'bitmap_sync_pages[" + i + "].t_in_trace_s': expected a guest time "
              + "inside its trace " + trace.getFileName() + " (0 to " + durationS + " s), found " + t[i]);
        }
      }
    }
    return trace;
  }
}
