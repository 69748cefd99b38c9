package migreplay.trace;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of heap that {@link DecodedTrace}s may hold at once, shared by every decode of a sweep. A decode
 * reserves as it goes and gives up (the runs then stream the file) when the next block would not fit.
 */
public final class DecodeBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** @param limit bytes; 0 turns sharing off */
  public DecodeBudget(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("decode memory must not be negative, found " + limit);
    }
    this.limit = limit;
  }

  /** The default: half of the JVM's maximum heap. */
  public static DecodeBudget halfOfHeap() {
    return new DecodeBudget(Runtime.getRuntime().maxMemory() / 2);
  }

  public long limit() {
    return limit;
  }

  /** Bytes reserved now. */
  public long used() {
    return used.get();
  }

  /** Reserves {@code bytes} if they fit. */
  public boolean tryReserve(long bytes) {
    while (true) {
      long u = used.get();
      if (bytes > limit - u) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }
}
