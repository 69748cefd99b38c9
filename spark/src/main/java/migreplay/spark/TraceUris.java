package migreplay.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import migreplay.io.BadInputException;
import migreplay.trace.TraceFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Expands the traces a user gave, on the driver, the way {@link TraceFiles} does for local paths: a
 * directory becomes its {@code *.trace.arrow} files sorted by name. A URI with a scheme ({@code hdfs://},
 * {@code s3a://}, {@code file:/}, ...) is listed through Hadoop's {@link FileSystem}; anything else is a
 * local path, given to executors as its absolute {@code file:} URI (on a cluster it must exist on every
 * node, e.g. on a shared mount).
 */
final class TraceUris {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*");

  private TraceUris() {}

  static List<TraceTask> expand(List<String> traces, Configuration conf) throws IOException {
    List<TraceTask> out = new ArrayList<>();
    for (String t : traces) {
      if (SCHEME.matcher(t).matches()) {
        for (String[] f : listUri(t, conf)) {
          out.add(new TraceTask(out.size(), f[0], f[1]));
        }
      } else {
        for (Path p : TraceFiles.expand(List.of(Path.of(t)))) {
          out.add(new TraceTask(out.size(), p.toString(), p.toAbsolutePath().toUri().toString()));
        }
      }
    }
    return out;
  }

  /** (label, uri) of each trace a URI names. */
  private static List<String[]> listUri(String given, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(toUri(given));
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new NoSuchFileException(given, null, "no such trace file or directory");
    }
    if (!status.isDirectory()) {
      return List.<String[]>of(new String[] {given, given});
    }
    FileStatus[] found = fs.listStatus(path,
        p -> p.getName().endsWith(TraceFiles.SUFFIX));
    List<String[]> out = new ArrayList<>();
    String dir = given.endsWith("/") ? given : given + "/";
    Arrays.stream(found).filter(FileStatus::isFile).map(s -> s.getPath().getName())
        .sorted(Comparator.naturalOrder()).forEach(name -> out.add(new String[] {dir + name, dir + name}));
    if (out.isEmpty()) {
      throw new BadInputException(given, "no " + TraceFiles.SUFFIX + " files in this directory");
    }
    return out;
  }

  static URI toUri(String given) {
    try {
      return new URI(given);
    } catch (URISyntaxException e) {
      throw new BadInputException(given, "not a valid URI: " + e.getReason());
    }
  }
}
