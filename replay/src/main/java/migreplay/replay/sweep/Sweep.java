package migreplay.replay.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import migreplay.results.RunResult;
import migreplay.trace.DecodeBudget;

/**
 * Runs many {@link RunSpec}s in parallel on a fixed pool. Runs that replay the same trace file share one
 * decode of it ({@link SharedTrace}, within a {@link DecodeBudget}); each run owns its cursor, bitmaps and
 * algorithm, so results do not depend on the thread count or on sharing; they come back in the order of the
 * specs, numbered from 0.
 */
public final class Sweep {
  private Sweep() {}

  /**
   * @param threads worker threads (at least 1)
   * @param verify check the invariant after each run
   * @param onDone called (from a worker thread) with each run as it finishes, e.g. for a progress bar
   */
  public static List<RunResult> run(List<RunSpec> specs, int threads, boolean verify, Consumer<RunResult> onDone)
      throws IOException {
    return run(specs, threads, verify, onDone, DecodeBudget.halfOfHeap());
  }

  /**
   * As {@link #run(List, int, boolean, Consumer)}, with the heap that decoded traces may hold at once.
   *
   * @param budget {@code new DecodeBudget(0)} streams every run from its file, as without sharing
   */
  public static List<RunResult> run(List<RunSpec> specs, int threads, boolean verify, Consumer<RunResult> onDone,
      DecodeBudget budget) throws IOException {
    Map<Path, Integer> runsPerTrace = new HashMap<>();
    for (RunSpec spec : specs) {
      runsPerTrace.merge(spec.trace(), 1, Integer::sum);
    }
    Map<Path, SharedTrace> traces = new HashMap<>();
    runsPerTrace.forEach((trace, n) -> traces.put(trace, new SharedTrace(trace, n, budget)));
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, specs.size()))),
        r -> {
          Thread t = new Thread(r, "migreplay-replay");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (RunSpec spec : specs) {
        futures.add(pool.submit(() -> {
          RunResult r = traces.get(spec.trace()).run(spec, spec.trace().toString(), verify);
          onDone.accept(r);
          return r;
        }));
      }
      List<RunResult> results = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        results.add(await(futures.get(i)).withRunId(i));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The future's value, with an I/O failure of the task rethrown as it was and any other unchecked failure
   * as itself (for every stage that runs tasks on a pool).
   */
  public static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    }
  }
}
