package migreplay.replay.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import migreplay.results.DrainRow;
import migreplay.results.LinkUse;
import migreplay.results.RunResult;
import migreplay.trace.DecodeBudget;
import migreplay.trace.DecodedTrace;
import migreplay.trace.TraceReader;
import migreplay.trace.TraceSource;

/**
 * The drains a {@code drain} command runs on one host: one per parallelism × link × parameter set (from
 * {@link SweepPlan}'s combinations), in that order, each over the order its {@link DrainOrder} gives, or over
 * every order for {@link DrainOrder#BEST}. The drains (and a best order's candidates) run on a pool, those of
 * several hosts on one pool ({@link #runAll}); each trace is decoded once for all of them when it fits the
 * budget. The rows come out in plan order whatever the thread count.
 *
 * @param host the host's name, the {@code host} column ("" for a drain of traces given on the command line)
 * @param firstId the first drain's {@code drain_id} (a fleet numbers its hosts' drains one after another)
 * @param templates the algorithm, its parameters and the run options of each drain's migrations (one per link
 *     and parameter set, as {@link SweepPlan#specs(Path)} gives them)
 */
public record DrainPlan(String host, long firstId, List<Drain.Guest> guests, DrainOrder order, List<Integer> parallel,
    List<RunSpec> templates) {
  public DrainPlan {
    guests = List.copyOf(guests);
    parallel = List.copyOf(parallel);
    templates = List.copyOf(templates);
  }

  /** One host's plan, its drains numbered from 0. */
  public DrainPlan(List<Drain.Guest> guests, DrainOrder order, List<Integer> parallel, List<RunSpec> templates) {
    this("", 0, guests, order, parallel, templates);
  }

  /** How many drains the plan runs (one per parallelism × template). */
  public int drains() {
    return parallel.size() * templates.size();
  }

  /** One drain of the plan: its settings, the order kept, its outcome and how many orders were tried. */
  public record Result(long drainId, int parallel, RunSpec template, Drain.Outcome outcome, int ordersTried) {}

  /** Runs every drain; {@code onStart} hears how many drains (and candidate orders) there are, {@code onDone} of each. */
  public List<Result> run(int threads, boolean verify, DecodeBudget budget, IntConsumer onStart, Runnable onDone)
      throws IOException {
    return runAll(List.of(this), threads, verify, budget, onStart, onDone).get(0);
  }

  /** Runs the drains of several hosts on one pool; each host's results as {@link #run} gives them. */
  public static List<List<Result>> runAll(List<DrainPlan> plans, int threads, boolean verify, DecodeBudget budget,
      IntConsumer onStart, Runnable onDone) throws IOException {
    record Job(int plan, int config, List<Drain.Guest> order) {}
    List<Job> jobs = new ArrayList<>();
    List<List<int[]>> configs = new ArrayList<>();
    for (int h = 0; h < plans.size(); h++) {
      DrainPlan plan = plans.get(h);
      List<int[]> mine = new ArrayList<>();
      for (int p : plan.parallel) {
        for (int t = 0; t < plan.templates.size(); t++) {
          for (List<Drain.Guest> o : plan.order.candidates(plan.guests, p)) {
            jobs.add(new Job(h, mine.size(), o));
          }
          mine.add(new int[] {p, t});
        }
      }
      configs.add(mine);
    }
    onStart.accept(jobs.size());
    Drain.Rows rows = new DecodedRows(budget, jobs.size());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, jobs.size())), r -> {
      Thread t = new Thread(r, "migreplay-drain");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Drain.Outcome>> futures = new ArrayList<>();
      for (Job j : jobs) {
        DrainPlan plan = plans.get(j.plan());
        int[] c = configs.get(j.plan()).get(j.config());
        futures.add(pool.submit(() -> {
          Drain.Outcome o = Drain.run(j.order(), c[0], plan.templates.get(c[1]), verify, rows);
          onDone.run();
          return o;
        }));
      }
      List<Drain.Outcome[]> best = new ArrayList<>();
      List<int[]> tried = new ArrayList<>();
      for (List<int[]> c : configs) {
        best.add(new Drain.Outcome[c.size()]);
        tried.add(new int[c.size()]);
      }
      for (int i = 0; i < jobs.size(); i++) {
        Drain.Outcome o = Sweep.await(futures.get(i));
        Job j = jobs.get(i);
        tried.get(j.plan())[j.config()]++;
        Drain.Outcome[] b = best.get(j.plan());
        if (b[j.config()] == null || better(o, b[j.config()])) {
          b[j.config()] = o;
        }
      }
      List<List<Result>> out = new ArrayList<>();
      for (int h = 0; h < plans.size(); h++) {
        DrainPlan plan = plans.get(h);
        List<Result> mine = new ArrayList<>();
        for (int c = 0; c < configs.get(h).size(); c++) {
          int[] pt = configs.get(h).get(c);
          mine.add(new Result(plan.firstId + c, pt[0], plan.templates.get(pt[1]), best.get(h)[c], tried.get(h)[c]));
        }
        out.add(mine);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fewer failed guests, then sooner; a tie keeps the earlier order. */
  private static boolean better(Drain.Outcome a, Drain.Outcome b) {
    if (a.failed() != b.failed()) {
      return a.failed() < b.failed();
    }
    return a.endTick() < b.endTick();
  }

  /** The rows of {@code drain}: one per guest of each drain, in drain then order position. */
  public List<DrainRow> rows(List<Result> results) {
    List<DrainRow> out = new ArrayList<>();
    for (Result r : results) {
      Drain.Outcome d = r.outcome();
      double tps = d.ticksPerSecond();
      long bps = r.template().options().bandwidthBps();
      for (Drain.GuestRun g : d.runs()) {
        RunResult x = g.result();
        boolean ok = x != null && x.ok();
        String status = x == null ? RunResult.FAILED : x.status();
        String reason = x == null ? g.failure() : x.reason();
        long ticks = g.endTick() - g.startTick();
        Double share = ok && ticks > 0 ? x.bytesSent() * 8.0 / ((double) bps * ticks / tps) : null;
        out.add(new DrainRow(host, r.drainId(), r.parallel(), bps, order.label(), r.template().algorithm().label(),
            x != null ? x.params() : g.guest().spec(r.template()).newAlgorithm().params(), g.position(), g.guest().label(),
            g.guest().trace().toString(), g.waitUs() / 1e6, g.startTick() / tps, g.endTick() / tps,
            g.traceStartUs() / 1e6, status, reason == null ? "" : reason, ok ? x.migrationStatus() : null,
            ok ? x.bytesSent() : null, ok ? x.totalTimeS() : null,
            g.completed() ? x.downtimeS() : null, share, x == null ? 0 : x.traceLaps()));
      }
    }
    return out;
  }

  /** The rows of {@code link}: each guest's bits per 100 ms of each drain's clock. */
  public List<LinkUse> linkUse(List<Result> results) {
    long perInterval = Drain.QUANTA_PER_SECOND / 10;
    List<LinkUse> out = new ArrayList<>();
    for (Result r : results) {
      Drain.Outcome d = r.outcome();
      double quantumS = (double) d.quantumTicks() / d.ticksPerSecond();
      for (Drain.GuestRun g : d.runs()) {
        Map<Long, Long> byInterval = new java.util.TreeMap<>();
        long[] q = g.bitsPerQuantum();
        for (int i = 0; i < q.length; i++) {
          if (q[i] != 0) {
            byInterval.merge((g.firstQuantum() + i) / perInterval, q[i], Long::sum);
          }
        }
        byInterval.forEach((interval, bits) -> out.add(new LinkUse(host, r.drainId(), interval * perInterval * quantumS,
            perInterval * quantumS, g.position(), g.guest().label(), bits)));
      }
    }
    out.sort(java.util.Comparator.comparingLong(LinkUse::drainId).thenComparingDouble(LinkUse::startS)
        .thenComparingInt(LinkUse::position));
    return out;
  }

  /** Each trace decoded once (when it fits the budget) for every migration of every drain; else streamed. */
  private static final class DecodedRows implements Drain.Rows {
    private final DecodeBudget budget;
    private final boolean share;
    private final Map<Path, DecodedTrace> decoded = new HashMap<>();
    private final Map<Path, Boolean> tried = new HashMap<>();

    DecodedRows(DecodeBudget budget, int drains) {
      this.budget = budget;
      this.share = drains > 1;
    }

    @Override
    public TraceSource open(Path trace) throws IOException {
      DecodedTrace d;
      synchronized (this) {
        if (share && tried.putIfAbsent(trace, true) == null) {
          SharedTrace.decode(trace, budget).ifPresent(x -> decoded.put(trace, x));
        }
        d = decoded.get(trace);
      }
      return d != null ? d.cursor() : TraceReader.open(trace);
    }
  }
}
