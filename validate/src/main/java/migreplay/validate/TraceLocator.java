package migreplay.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import migreplay.io.BadInputException;

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
        Path p = base.resolve(name).normalize();
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new BadInputException(r.file().toString(), "key 'trace': expected a trace file, found no '" + trace
        + "' in " + dir + (tracesDir == null ? " (give --traces DIR to look in a traces directory too)"
            : " nor in " + tracesDir));
  }
}
