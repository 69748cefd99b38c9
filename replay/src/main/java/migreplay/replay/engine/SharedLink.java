package migreplay.replay.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One link that several migrations use at once, and the clock they share (DESIGN.md, "Shared link and
 * lock-step clock"). Each migration runs on a thread of its own and sends through a {@link Flow} (a
 * {@link Link}); the migrations advance in lock-step, a quantum of the shared clock at a time.
 *
 * <p><b>Quanta.</b> The clock is cut into quanta of {@code quantumTicks}. Within a quantum each flow has a
 * fixed rate (whole bits per second, summing to at most the link's bandwidth), so the migrations do not
 * depend on each other and run without waiting; a send whose bytes have not left by the quantum's end (or
 * that starts after it) waits at the boundary. Once every migration waits there (or has left), the next
 * quantum's rates are decided: max-min fair, by water-filling, among the flows' demands, where a flow that
 * still had bytes queued at the boundary wants all it can get and any other wants what it carried in the
 * quantum before (a sender computing, or held back by its own rate limit, e.g. QEMU's {@code max_bandwidth}
 * windows, leaves its share to the others); bandwidth no one wants is split equally. This is how TCP flows
 * on one bottleneck adapt, one quantum late; not modelled: slow start, RTT unfairness, loss.
 *
 * <p><b>Exactness.</b> A flow's bytes leave as on a {@link ConstantLink} of its rate: a busy period's end
 * comes from its start and cumulative bits, and a period goes on across a boundary where the rate does not
 * change, so a flow alone on the link gets exactly {@link ConstantLink}'s answers. Where the rate changes,
 * the bits carried by the boundary (rounded down) are taken off and a new period begins there. Everything is
 * decided in integers at boundaries in a fixed order (by flow), so the answers do not depend on the threads'
 * timing.
 *
 * <p><b>Participants.</b> {@link #open} adds a migration that runs from a tick on; {@link #close} (or the
 * engine's {@link Flow#finished}) makes it leave at a tick; once the clock has passed that tick the
 * {@link Listener} is told, in the order of ticks then of opening, and may open the next flow, which takes
 * over the leaving flow's rate until the next boundary.
 */
public final class SharedLink {
  /** Told, holding the link's lock, when a participant has left. */
  public interface Listener {
    void left(Flow flow, long tick);
  }

  private enum State { RUNNING, WAITING, LEAVING }

  private final long bitsPerSecond;
  private final long ticksPerSecond;
  private final long quantumTicks;
  private final Listener listener;
  private final List<Flow> flows = new ArrayList<>();
  private int running;
  private int opened;
  /** Every quantum before this tick has its rates; the current quantum is [horizon - quantum, horizon). */
  private long horizon;
  private Throwable broken;
  /** Inside {@link #barrier()} or {@link #starting}: a nested call leaves the work to the running one. */
  private boolean deciding;

  /**
   * @param bitsPerSecond the link's bandwidth
   * @param ticksPerSecond the clock of every migration on it
   * @param quantumTicks the quantum of the lock-step
   */
  public SharedLink(long bitsPerSecond, long ticksPerSecond, long quantumTicks, Listener listener) {
    if (bitsPerSecond <= 0 || ticksPerSecond <= 0 || quantumTicks < 1) {
      throw new IllegalArgumentException("bandwidth, clock and quantum must be positive");
    }
    this.bitsPerSecond = bitsPerSecond;
    this.ticksPerSecond = ticksPerSecond;
    this.quantumTicks = quantumTicks;
    this.listener = listener;
  }

  public long bitsPerSecond() {
    return bitsPerSecond;
  }

  public long ticksPerSecond() {
    return ticksPerSecond;
  }

  public long quantumTicks() {
    return quantumTicks;
  }

  /**
   * A migration that runs from {@code startTick} on: its thread must send through the flow and end with
   * {@link #close}, whatever happens, or the clock stops. It takes over {@code predecessor}'s rate (null: none
   * until the next boundary, or an equal share when the link has not started).
   */
  public synchronized Flow open(long startTick, Flow predecessor) {
    if (startTick < 0) {
      throw new IllegalArgumentException("a flow cannot start at " + startTick);
    }
    Flow f = new Flow(opened++, startTick);
    f.rate = predecessor == null ? 0 : predecessor.rate;
    f.firstQuantum = Math.max(0, horizon / quantumTicks - 1);
    flows.add(f);
    running++;
    return f;
  }

  /** Makes {@code flow} leave at {@code tick} (not before its last answer), unless it already has. */
  public synchronized void close(Flow flow, long tick) {
    if (flow.state == State.LEAVING || !flows.contains(flow)) {
      return;
    }
    flow.leaveAt = Math.max(tick, Math.max(flow.start, flow.lastAnswer));
    if (flow.state == State.RUNNING) {
      running--;
    }
    flow.state = State.LEAVING;
    flow.inService = false;
    barrier();
  }

  /**
   * Runs {@code opens} (which opens the first flows) with the clock held, so that none moves it before all
   * are open; then lets it go.
   */
  public synchronized void starting(Runnable opens) {
    boolean was = deciding;
    deciding = true;
    try {
      opens.run();
    } finally {
      deciding = was;
    }
    barrier();
  }

  /** Waits until every flow has left and been reported to the listener. */
  public synchronized void awaitIdle() throws InterruptedException {
    while (!flows.isEmpty() && broken == null) {
      wait();
    }
    if (broken != null) {
      throw new IllegalStateException("the shared link stopped: " + broken, broken);
    }
  }

  private synchronized long transfer(Flow f, long at, long bytes) throws InterruptedException {
    if (f.state != State.RUNNING) {
      throw new IllegalStateException("flow " + f.id + " sends after it left");
    }
    long bits = Math.multiplyExact(bytes, 8L);
    if (at >= horizon) {
      f.pendingAt = at;
      f.pendingBits = bits;
      return await(f);
    }
    f.begin(at, bits);
    long finish = f.finish();
    if (finish <= horizon) {
      f.lastAnswer = finish;
      return finish;
    }
    f.inService = true;
    return await(f);
  }

  private long await(Flow f) throws InterruptedException {
    f.state = State.WAITING;
    running--;
    barrier();
    while (f.state == State.WAITING && broken == null) {
      wait();
    }
    if (broken != null) {
      throw new IllegalStateException("the shared link stopped: " + broken, broken);
    }
    return f.lastAnswer;
  }

  /**
   * While no migration runs: reports the flows that have left before the horizon (their successors then
   * run), else decides the next quantum, until some migration runs again or none is left.
   */
  private void barrier() {
    if (deciding) {
      return;
    }
    deciding = true;
    try {
      while (running == 0 && !flows.isEmpty()) {
        List<Flow> leaving = new ArrayList<>();
        for (Flow f : flows) {
          if (f.state == State.LEAVING && f.leaveAt < horizon) {
            leaving.add(f);
          }
        }
        if (!leaving.isEmpty()) {
          leaving.sort(Comparator.comparingLong((Flow f) -> f.leaveAt).thenComparingInt(f -> f.id));
          flows.removeAll(leaving);
          for (Flow f : leaving) {
            f.recordQuantum(horizon / quantumTicks - 1, f.carriedBy(horizon));
            listener.left(f, f.leaveAt);
          }
          continue;
        }
        decideNextQuantum();
      }
    } catch (RuntimeException | Error e) {
      broken = e;
    } finally {
      deciding = false;
    }
    notifyAll();
  }

  private void decideNextQuantum() {
    // What each flow carried in the quantum that ends at the horizon, and what it wants next.
    long[] demand = new long[flows.size()];
    for (int i = 0; i < flows.size(); i++) {
      Flow f = flows.get(i);
      long carried = f.carriedBy(horizon);
      f.recordQuantum(horizon / quantumTicks - 1, carried);
      boolean wants = f.inService || (f.state == State.WAITING && f.pendingBits > 0 && f.pendingAt == horizon);
      demand[i] = wants ? Long.MAX_VALUE : Math.min(bitsPerSecond, Exact.mulDiv(carried, ticksPerSecond, quantumTicks));
    }
    long[] rates = maxMinFair(demand, bitsPerSecond);
    long next = horizon + quantumTicks;
    for (int i = 0; i < flows.size(); i++) {
      Flow f = flows.get(i);
      f.setRate(horizon, rates[i]);
      if (f.state != State.WAITING) {
        continue;
      }
      if (!f.inService && f.pendingBits >= 0 && f.pendingAt < next) {
        f.begin(f.pendingAt, f.pendingBits);
        f.pendingBits = -1;
        f.inService = true;
      }
      if (f.inService) {
        long finish = f.finish();
        if (finish <= next) {
          f.inService = false;
          f.lastAnswer = finish;
          f.state = State.RUNNING;
          running++;
        }
      }
    }
    horizon = next;
  }

  /** Water-filling: each demand met up to an equal share of what is left, the rest split equally. */
  static long[] maxMinFair(long[] demand, long capacity) {
    int n = demand.length;
    long[] rate = new long[n];
    if (n == 0) {
      return rate;
    }
    boolean[] fixed = new boolean[n];
    long left = capacity;
    int open = n;
    boolean changed = true;
    while (open > 0 && changed) {
      changed = false;
      long share = left / open;
      for (int i = 0; i < n; i++) {
        if (!fixed[i] && demand[i] <= share) {
          rate[i] = demand[i];
          left -= demand[i];
          fixed[i] = true;
          open--;
          changed = true;
        }
      }
    }
    if (open > 0) {
      long share = left / open;
      for (int i = 0; i < n; i++) {
        if (!fixed[i]) {
          rate[i] = share;
        }
      }
      return rate;
    }
    long extra = left / n;
    for (int i = 0; i < n; i++) {
      rate[i] += extra;
    }
    return rate;
  }

  /**
   * One migration's place on the link: a {@link Link} whose ticks count from the migration's start (its own
   * clock starts at 0), so the engine runs on it unchanged.
   */
  public final class Flow implements Link {
    private final int id;
    private final long start;
    private State state = State.RUNNING;
    private long rate;
    private long periodStart;
    private long periodBits;
    private long lastAnswer = -1;
    private boolean inService;
    private long pendingAt;
    private long pendingBits = -1;
    private long leaveAt;
    /** Bits handed to the link, and carried by the last boundary. */
    private long handed;
    private long carriedBefore;
    private long firstQuantum;
    private long[] perQuantum = new long[16];
    private int quanta;

    private Flow(int id, long start) {
      this.id = id;
      this.start = start;
    }

    /** In the order the flows were opened, from 0. */
    public int id() {
      return id;
    }

    /** The tick (of the shared clock) its migration started at. */
    public long start() {
      return start;
    }

    /** The tick (of the shared clock) it left at. */
    public long end() {
      return leaveAt;
    }

    /** The index of the quantum {@link #bitsPerQuantum()} starts at. */
    public long firstQuantum() {
      return firstQuantum;
    }

    /** The bits the link carried for it in each quantum from {@link #firstQuantum()} on. */
    public long[] bitsPerQuantum() {
      synchronized (SharedLink.this) {
        return Arrays.copyOf(perQuantum, quanta);
      }
    }

    @Override
    public long ticksPerSecond() {
      return ticksPerSecond;
    }

    @Override
    public long send(long localNow, long bytes) {
      try {
        return transfer(this, start + localNow, bytes) - start;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending", e);
      }
    }

    @Override
    public void finished(long localNow) {
      close(this, start + localNow);
    }

    /** Bits handed at {@code at}: the busy period goes on if they come as the last ones left, else one begins. */
    private void begin(long at, long bits) {
      if (at != lastAnswer) {
        periodStart = at;
        periodBits = 0;
      }
      periodBits += bits;
      handed += bits;
    }

    private long finish() {
      if (periodBits == 0) {
        return periodStart;
      }
      return rate == 0 ? Long.MAX_VALUE : periodStart + Exact.mulDivUp(periodBits, ticksPerSecond, rate);
    }

    /** Bits of the current period not carried by {@code tick}. */
    private long unsent(long tick) {
      if (!inService || tick <= periodStart) {
        return inService ? periodBits : 0;
      }
      return Math.max(0, periodBits - (rate == 0 ? 0 : Exact.mulDiv(tick - periodStart, rate, ticksPerSecond)));
    }

    private long carriedBy(long tick) {
      long carried = handed - unsent(tick);
      long quantum = carried - carriedBefore;
      carriedBefore = carried;
      return quantum;
    }

    private void setRate(long tick, long newRate) {
      if (newRate != rate && inService && tick > periodStart) {
        periodBits = unsent(tick);
        periodStart = tick;
      } else if (newRate != rate && !inService) {
        // Everything handed so far has left: a send at the boundary starts afresh at the new rate.
        periodBits = 0;
        periodStart = tick;
      }
      rate = newRate;
    }

    private void recordQuantum(long quantum, long bits) {
      int i = Math.toIntExact(quantum - firstQuantum);
      if (i < 0) {
        return;
      }
      if (i >= perQuantum.length) {
        perQuantum = Arrays.copyOf(perQuantum, Math.max(i + 1, perQuantum.length * 2));
      }
      perQuantum[i] += bits;
      quanta = Math.max(quanta, i + 1);
    }
  }
}
