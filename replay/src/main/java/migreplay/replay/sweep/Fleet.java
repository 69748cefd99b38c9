package migreplay.replay.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import migreplay.results.DrainRow;
import migreplay.results.LinkUse;
import migreplay.trace.DecodeBudget;

/**
 * Drains of several hosts with the same settings: each host's guests over its own link ({@link DrainPlan}), the
 * hosts independent of one another. Its drains are numbered host after host (host {@code h}'s first is
 * {@code h × drainsPerHost()}), so a host's rows depend on nothing but the host and the settings: the local
 * pool ({@link #run}) and a distributed engine running one host a task ({@link #runHost}, then {@link #join})
 * give the same rows, byte for byte once written.
 *
 * @param hosts the hosts, in the order their rows come out
 * @param parallel the {@code --parallel} values swept
 * @param template the algorithm, parameters and run options swept (its traces are not used)
 */
public record Fleet(List<Host> hosts, DrainOrder order, List<Integer> parallel, SweepPlan template)
    implements Serializable {
  /** A host: its name (the {@code host} column) and its guests. */
  public record Host(String name, List<Member> guests) implements Serializable {
    public Host {
      guests = List.copyOf(guests);
      if (guests.isEmpty()) {
        throw new IllegalArgumentException("host " + name + " has no guests");
      }
    }

    /** Its guests' trace paths. */
    public List<String> traces() {
      return guests.stream().map(Member::trace).toList();
    }
  }

  /**
   * A guest of a host, as its spec gives it.
   *
   * @param trace its trace, a path every worker can read
   * @param params algorithm parameters of its own, over the drain's ({@link Drain.Guest#params()})
   * @param startUs where in its trace its migration starts, or -1 for the drain's start plus its wait
   */
  public record Member(String trace, java.util.Map<String, String> params, long startUs) implements Serializable {
    public Member {
      params = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
    }

    /** A guest with the drain's settings. */
    public static Member of(String trace) {
      return new Member(trace, java.util.Map.of(), -1);
    }

    /** The drain's guest: its RAM from its trace's metadata and, when an order needs it, its mean dirty rate. */
    Drain.Guest guest(boolean needRate) throws IOException {
      Path t = Path.of(trace);
      migreplay.trace.TraceMetadata m = migreplay.trace.TraceReader.readMetadata(t);
      double rate = needRate ? migreplay.trace.TraceProfile.of(t).meanDirtyRate() : 0;
      return new Drain.Guest(t, migreplay.replay.engine.Replayer.traceName(t), m.ramPages() * m.pageSize(), rate,
          m.durationUs(), params, startUs);
    }
  }

  /** The rows of some hosts' drains: {@code drain} and {@code link}, in drain order. */
  public record Rows(List<DrainRow> drain, List<LinkUse> link) implements Serializable {}

  public Fleet {
    hosts = List.copyOf(hosts);
    parallel = List.copyOf(parallel);
  }

  /** Drains per host: one per parallelism × link × parameter set. */
  public int drainsPerHost() {
    return parallel.size() * template.specs(Path.of("")).size();
  }

  /** Host {@code h}'s plan (reads its traces' metadata, and their dirty rates when the order sorts by them). */
  public DrainPlan plan(int h) throws IOException {
    Host host = hosts.get(h);
    boolean needRate = order == DrainOrder.CALMEST_FIRST || order == DrainOrder.BUSIEST_FIRST;
    List<Drain.Guest> guests = new ArrayList<>();
    for (Member m : host.guests()) {
      guests.add(m.guest(needRate));
    }
    return new DrainPlan(host.name(), (long) h * drainsPerHost(), guests, order, parallel,
        template.specs(Path.of(host.traces().get(0))));
  }

  /** Every host's drains on one pool of {@code threads}; {@code onStart} hears the number of drains (and orders). */
  public Rows run(int threads, boolean verify, DecodeBudget budget, IntConsumer onStart, Runnable onDone)
      throws IOException {
    List<DrainPlan> plans = new ArrayList<>();
    for (int h = 0; h < hosts.size(); h++) {
      plans.add(plan(h));
    }
    List<List<DrainPlan.Result>> results = DrainPlan.runAll(plans, threads, verify, budget, onStart, onDone);
    List<Rows> each = new ArrayList<>();
    for (int h = 0; h < plans.size(); h++) {
      each.add(rows(plans.get(h), results.get(h)));
    }
    return join(each);
  }

  /** One host's drains (a distributed engine's task). */
  public Rows runHost(int h, int threads, boolean verify, DecodeBudget budget) throws IOException {
    DrainPlan plan = plan(h);
    return rows(plan, plan.run(threads, verify, budget, n -> { }, () -> { }));
  }

  /** The hosts' rows one after another, in host order. */
  public static Rows join(List<Rows> hosts) {
    List<DrainRow> drain = new ArrayList<>();
    List<LinkUse> link = new ArrayList<>();
    for (Rows r : hosts) {
      drain.addAll(r.drain());
      link.addAll(r.link());
    }
    return new Rows(List.copyOf(drain), List.copyOf(link));
  }

  private static Rows rows(DrainPlan plan, List<DrainPlan.Result> results) {
    return new Rows(plan.rows(results), plan.linkUse(results));
  }
}
