package migreplay.replay.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.replay.engine.Exact;
import migreplay.replay.engine.Link;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.SharedLink;
import migreplay.replay.engine.TraceEnd;
import migreplay.results.RunResult;
import migreplay.trace.TraceSource;

/**
 * One host's drain: its guests migrated over one {@link SharedLink}, at most {@code parallel} at a time, in a
 * given order, each starting when a slot frees (DESIGN.md, "Shared link and lock-step clock"). Every guest is ready at tick 0 and its
 * trace plays from the run options' start while it waits, so a guest whose slot frees at tick T starts its
 * migration at the first whole microsecond w ≥ T, at trace time start + w (modulo the trace's duration under
 * {@code --trace-end loop}); its run is then what {@code replay --start} at that trace time would give on a
 * link of its own, except that the link is shared.
 */
public final class Drain {
  /**
   * A guest of the host: its trace, what the orders sort by, and what it sets for itself.
   *
   * @param params algorithm parameters of its own, over the drain's (e.g. its {@code max_bandwidth})
   * @param startUs where in its trace its migration starts, instead of the drain's start plus its wait; or -1
   */
  public record Guest(Path trace, String label, long ramBytes, double dirtyRate, long durationUs,
      Map<String, String> params, long startUs) {
    public Guest {
      params = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
    }

    /** A guest with the drain's parameters and start. */
    public Guest(Path trace, String label, long ramBytes, double dirtyRate, long durationUs) {
      this(trace, label, ramBytes, dirtyRate, durationUs, Map.of(), -1);
    }

    /** The guest's own runs: the drain's template with its parameters over the template's. */
    RunSpec spec(RunSpec template) {
      return template.over(params);
    }
  }

  /**
   * One guest's migration in the drain.
   *
   * @param position its place in the order, from 1
   * @param waitUs how long it waited for a slot (its migration's start on the drain's clock)
   * @param traceStartUs where in its trace the migration started
   * @param startTick its start on the drain's clock (ticks)
   * @param endTick its end, resume overhead included
   * @param result its run (null when it could not start: {@code failure} says why)
   * @param firstQuantum the quantum of the drain's clock {@code bitsPerQuantum} starts at
   * @param bitsPerQuantum the bits the link carried for it in each quantum from {@code firstQuantum} on
   */
  public record GuestRun(int position, Guest guest, long waitUs, long traceStartUs, long startTick, long endTick,
      RunResult result, String failure, long firstQuantum, long[] bitsPerQuantum) {
    /** Whether its migration completed (a run that failed or was cancelled did not). */
    public boolean completed() {
      return result != null && result.ok() && RunResult.COMPLETED.equals(result.migrationStatus());
    }
  }

  /** A whole drain: its guests' migrations in order, and its clock. */
  public record Outcome(List<GuestRun> runs, long endTick, long ticksPerSecond, long quantumTicks) {
    public double totalS() {
      return (double) endTick / ticksPerSecond;
    }

    public long failed() {
      return runs.stream().filter(r -> !r.completed()).count();
    }
  }

  /** Where the migrations read their traces' rows (a file, or rows decoded once for all drains). */
  public interface Rows {
    TraceSource open(Path trace) throws IOException;
  }

  /** The lock-step's quantum: 10 ms of the drain's clock. */
  public static final long QUANTA_PER_SECOND = 100;

  private Drain() {}

  /**
   * Runs the drain.
   *
   * @param order the guests, in the order they get slots
   * @param template the algorithm, its parameters and the run options (bandwidth = the link; start = where
   *     the traces are at the drain's start); its trace is not used
   */
  public static Outcome run(List<Guest> order, int parallel, RunSpec template, boolean verify, Rows rows)
      throws IOException {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1");
    }
    RunOptions o = template.options();
    long tps = template.newAlgorithm().ticksPerSecond(o);
    long quantum = Math.max(1, tps / QUANTA_PER_SECOND);
    Scheduler s = new Scheduler(order, template, verify, rows, tps);
    SharedLink link = new SharedLink(o.bandwidthBps(), tps, quantum, s);
    s.link = link;
    link.starting(() -> {
      for (int i = 0; i < Math.min(parallel, order.size()); i++) {
        s.start(0, null);
      }
    });
    try {
      link.awaitIdle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    s.rethrow();
    long end = 0;
    for (GuestRun r : s.done) {
      end = Math.max(end, r.endTick());
    }
    List<GuestRun> runs = new ArrayList<>(s.done);
    runs.sort(java.util.Comparator.comparingInt(GuestRun::position));
    return new Outcome(List.copyOf(runs), end, tps, quantum);
  }

  /** Starts guests as slots free; runs each migration on a thread of its own. */
  private static final class Scheduler implements SharedLink.Listener {
    private final List<Guest> order;
    private final RunSpec template;
    private final boolean verify;
    private final Rows rows;
    private final long tps;
    private final long overheadTicks;
    private SharedLink link;
    private int next;
    private final List<GuestRun> done = new ArrayList<>();
    private final java.util.Map<SharedLink.Flow, Pending> pending = new java.util.HashMap<>();
    private Throwable failure;

    private record Pending(int position, Guest guest, long waitUs, long traceStartUs, RunResult[] result,
        String failure) {}

    Scheduler(List<Guest> order, RunSpec template, boolean verify, Rows rows, long tps) {
      this.order = order;
      this.template = template;
      this.verify = verify;
      this.rows = rows;
      this.tps = tps;
      this.overheadTicks = Exact.mulDivUp(template.options().resumeOverheadUs(), tps, 1_000_000);
    }

    @Override
    public void left(SharedLink.Flow flow, long tick) {
      Pending p = pending.remove(flow);
      done.add(new GuestRun(p.position(), p.guest(), p.waitUs(), p.traceStartUs(), flow.start(), tick,
          p.result()[0], p.failure(), flow.firstQuantum(), flow.bitsPerQuantum()));
      if (next < order.size()) {
        start(tick, flow);
      }
    }

    /** Starts the next guest at the first whole µs at or after {@code tick} (holding the link's lock). */
    void start(long tick, SharedLink.Flow predecessor) {
      long waitUs = Exact.mulDivUp(tick, 1_000_000, tps);
      long startTick = Exact.mulDivUp(waitUs, tps, 1_000_000);
      Guest g = order.get(next++);
      RunSpec mine = g.spec(template);
      RunOptions o = mine.options();
      long at = g.startUs() >= 0 ? g.startUs() : o.startUs() + waitUs;
      String cannot = null;
      if (at >= g.durationUs()) {
        if (o.traceEnd() == TraceEnd.LOOP) {
          at %= g.durationUs();
        } else {
          cannot = String.format(Locale.US, "its trace (%.6f s) ended before its migration could start at %.6f s "
              + "(--trace-end %s)", g.durationUs() / 1e6, at / 1e6, o.traceEnd().label());
        }
      }
      SharedLink.Flow flow = link.open(startTick, predecessor);
      RunResult[] result = new RunResult[1];
      pending.put(flow, new Pending(next, g, waitUs, at, result, cannot));
      if (cannot != null) {
        link.close(flow, startTick);
        return;
      }
      long traceStart = at;
      long[] endLocal = {-1};
      Link withOverhead = new Link() {
        @Override
        public long ticksPerSecond() {
          return flow.ticksPerSecond();
        }

        @Override
        public long send(long now, long bytes) {
          return flow.send(now, bytes);
        }

        @Override
        public void finished(long now) {
          endLocal[0] = now;
        }
      };
      Thread t = new Thread(() -> {
        try (TraceSource src = rows.open(g.trace())) {
          MigrationAlgorithm a = mine.newAlgorithm();
          if (a.ticksPerSecond(o) != tps) {
            throw new IllegalArgumentException(g.label() + ": its parameters change the algorithm's clock ("
                + a.ticksPerSecond(o) + " ticks/s, the drain's " + tps + "); a drain's guests share one clock");
          }
          result[0] = Replayer.run(a, src, o.withStartUs(traceStart), g.trace().toString(), verify, withOverhead);
        } catch (Throwable e) {
          synchronized (link) {
            if (failure == null) {
              failure = e;
            }
          }
        } finally {
          // After the result is set: the listener reads it once the clock reaches the end.
          link.close(flow, endLocal[0] < 0 ? 0 : flow.start() + endLocal[0] + overheadTicks);
        }
      }, "migreplay-drain-" + g.label());
      t.setDaemon(true);
      t.start();
    }

    void rethrow() throws IOException {
      synchronized (link) {
        if (failure instanceof IOException io) {
          throw io;
        }
        if (failure instanceof java.io.UncheckedIOException u) {
          throw u.getCause();
        }
        if (failure instanceof RuntimeException r) {
          throw r;
        }
        if (failure != null) {
          throw new IllegalStateException(failure);
        }
      }
    }
  }
}
