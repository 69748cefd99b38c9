package migreplay.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import migreplay.replay.sweep.DistributedEngine;
import migreplay.replay.sweep.Fleet;
import migreplay.results.RunResult;
import migreplay.replay.sweep.SweepPlan;
import migreplay.io.BadInputException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * {@code replay --engine spark}: the sweep plan as one Spark task per trace ({@link TraceRuns}), results
 * collected on the driver, put in plan order and numbered from 0, exactly as {@link migreplay.replay.sweep.Sweep}
 * returns them; {@code drain --hosts --engine spark}: one task per host ({@link HostDrains}), rows in host
 * order as {@link Fleet#run} gives them. The master is {@code --master}, else what spark-submit set, else {@code local[*]}.
 */
public final class SparkEngine implements DistributedEngine {
  static final String DEFAULT_MASTER = "local[*]";

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public List<RunResult> run(List<String> traces, SweepPlan template, Options options) throws IOException {
    SparkConf conf = conf("migreplay replay", options);
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      List<TraceTask> tasks = TraceUris.expand(traces, sc.hadoopConfiguration());
      Map<String, String> hadoop = new HashMap<>();
      for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
        hadoop.put(kv._1(), kv._2());
      }
      TraceRuns runs = new TraceRuns(template, options.verify(), options.decodeMemory().orElse(-1), hadoop);
      List<TraceRuns.Done> done = new ArrayList<>(collect(sc, tasks, runs));
      done.sort(Comparator.comparingInt(TraceRuns.Done::index));
      List<RunResult> results = new ArrayList<>();
      for (TraceRuns.Done d : done) {
        for (RunResult r : d.runs()) {
          results.add(r.withRunId(results.size()));
        }
      }
      return results;
    }
  }

  @Override
  public Fleet.Rows drain(Fleet fleet, Options options) throws IOException {
    try (JavaSparkContext sc = new JavaSparkContext(conf("migreplay drain", options))) {
      List<Integer> hosts = new ArrayList<>();
      for (int h = 0; h < fleet.hosts().size(); h++) {
        hosts.add(h);
      }
      HostDrains drains = new HostDrains(fleet, options.verify(), options.decodeMemory().orElse(-1));
      List<HostDrains.Done> done;
      try {
        done = new ArrayList<>(sc.parallelize(hosts, Math.max(1, hosts.size())).map(drains).collect());
      } catch (Exception e) { // Spark throws its checked SparkException without declaring it
        throw userError(e);
      }
      done.sort(Comparator.comparingInt(HostDrains.Done::index));
      return Fleet.join(done.stream().map(HostDrains.Done::rows).toList());
    }
  }

  private static SparkConf conf(String app, Options options) {
    SparkConf conf = new SparkConf().setAppName(app);
    options.master().ifPresent(conf::setMaster);
    conf.setIfMissing("spark.master", DEFAULT_MASTER);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "localhost");
    }
    return conf;
  }

  private static List<TraceRuns.Done> collect(JavaSparkContext sc, List<TraceTask> tasks, TraceRuns runs)
      throws IOException {
    try {
      return sc.parallelize(tasks, Math.max(1, tasks.size())).map(runs).collect();
    } catch (Exception e) { // Spark throws its checked SparkException without declaring it
      throw userError(e);
    }
  }

  /**
   * A task's own error (a malformed trace, an unreadable URI) as the command line reports it without Spark:
   * Spark wraps the task's exception, after its retries, in a {@link SparkException}. Any other failure of
   * the job becomes an {@link IOException} with Spark's message.
   */
  private static IOException userError(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof BadInputException b) {
        throw b;
      }
      if (c instanceof UncheckedIOException u) {
        return u.getCause();
      }
      if (c instanceof IOException io) {
        return io;
      }
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    return new IOException("the Spark job failed: " + e.getMessage(), e);
  }
}
