package migreplay.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import migreplay.io.BadInputException;

/** Finds canonical traces: files as given, directories expanded to their {@code *.trace.arrow}, by name. */
public final class TraceFiles {
  public static final String SUFFIX = ".trace.arrow";

  private TraceFiles() {}

  /**
   * @throws NoSuchFileException for a path that does not exist
   * @throws BadInputException for a directory without traces
   */
  public static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          List<Path> found = s.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
              .sorted().toList();
          if (found.isEmpty()) {
            throw new BadInputException(p.toString(), "no " + SUFFIX + " files in this directory");
          }
          out.addAll(found);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "no such trace file or directory");
      }
    }
    return out;
  }
}
