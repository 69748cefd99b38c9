package migreplay.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import migreplay.results.RunResult;
import migreplay.replay.sweep.RunSpec;
import migreplay.replay.sweep.SharedTrace;
import migreplay.replay.sweep.SweepPlan;
import migreplay.trace.DecodeBudget;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.Function;

/**
 * What an executor does with a {@link TraceTask}: reads the trace ({@code file:} in place, any other URI
 * copied to a local temporary file through Hadoop's {@link FileSystem}, deleted afterwards), then replays
 * the plan's runs of it one after another, sharing one decode of the trace ({@link SharedTrace}). A task is
 * a pure function of its input, so Spark may retry it or run it twice without changing results.
 */
final class TraceRuns implements Function<TraceTask, TraceRuns.Done> {
  /** A finished task: the trace's position in the plan and its runs in plan order. */
  record Done(int index, List<RunResult> runs) implements java.io.Serializable {}

  private final SweepPlan template;
  private final boolean verify;
  private final long decodeMemory;
  private final Map<String, String> hadoopConf;

  /**
   * @param decodeMemory bytes of decoded trace a task may hold, or -1 for half the executor's heap shared
   *     by its task slots
   * @param hadoopConf Hadoop settings from the driver ({@code spark.hadoop.*} without the prefix)
   */
  TraceRuns(SweepPlan template, boolean verify, long decodeMemory, Map<String, String> hadoopConf) {
    this.template = template;
    this.verify = verify;
    this.decodeMemory = decodeMemory;
    this.hadoopConf = Map.copyOf(hadoopConf);
  }

  @Override
  public Done call(TraceTask task) throws IOException {
    URI uri = TraceUris.toUri(task.uri());
    boolean local = "file".equals(uri.getScheme());
    Path file = local ? Path.of(uri) : copyToLocal(uri);
    try {
      List<RunSpec> specs = template.specs(file);
      SharedTrace shared = new SharedTrace(file, specs.size(), budget());
      List<RunResult> runs = new ArrayList<>();
      for (RunSpec spec : specs) {
        runs.add(shared.run(spec, task.label(), verify));
      }
      return new Done(task.index(), runs);
    } finally {
      if (!local) {
        Files.deleteIfExists(file);
      }
    }
  }

  private DecodeBudget budget() {
    return budget(decodeMemory);
  }

  /** {@code decodeMemory} bytes, or for -1 half the executor's heap shared by its task slots. */
  static DecodeBudget budget(long decodeMemory) {
    if (decodeMemory >= 0) {
      return new DecodeBudget(decodeMemory);
    }
    return new DecodeBudget(Runtime.getRuntime().maxMemory() / 2 / taskSlots());
  }

  /** The tasks an executor runs at once (its cores), at least 1. */
  private static int taskSlots() {
    int slots = SparkEnv.get() == null ? 1
        : SparkEnv.get().conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
    return Math.max(1, slots);
  }

  private Path copyToLocal(URI uri) throws IOException {
    Configuration conf = new Configuration();
    hadoopConf.forEach(conf::set);
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
    Path dir = Path.of(SparkFiles.getRootDirectory());
    Path tmp = Files.createTempFile(dir, "migreplay-", migreplay.trace.TraceFiles.SUFFIX);
    try (InputStream in = source.getFileSystem(conf).open(source)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }
}
