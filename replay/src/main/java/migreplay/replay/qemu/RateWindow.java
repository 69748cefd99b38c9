package migreplay.replay.qemu;

/**
 * QEMU's rate limit on the migration stream ({@code migration_rate_limit}, {@code qemu_file_rate_limit}):
 * a budget of max-bandwidth ÷ 10 bytes per 100 ms window ({@code BUFFER_DELAY}), exceeded once the bytes
 * counted in the window are more than the budget. Which bytes count differs by version:
 * <ul>
 *   <li>7.2 counts every byte as it is queued into the stream ({@code rate_limit_used});
 *   <li>9.2 counts bytes when the stream buffer is flushed ({@code migration_transferred_bytes()}): when 64
 *       iovecs are queued (a normal page takes two: its header in the buffer and the page itself; records
 *       written into the buffer back to back share one), when the 32 KiB buffer is full, or at the end of an
 *       iterate call (modelled as a flush; the EOS record is written then).
 * </ul>
 * Disabled (no budget) for the final pass, as QEMU sets the limit to INT64_MAX after stopping the guest.
 */
final class RateWindow {
  static final int MAX_IOV = 64;
  static final int IO_BUF_SIZE = 32768;

  private final QemuVersion version;
  private final long budget;
  private boolean unlimited;
  private long counted;
  private long total;
  private long unflushed;
  private int iov;
  private int buf;
  private boolean lastIovInBuffer;

  /** @param maxBandwidth QEMU's max-bandwidth in bytes per second (the budget is a tenth, rounded down) */
  RateWindow(QemuVersion version, long maxBandwidth) {
    this.version = version;
    this.budget = maxBandwidth / 10;
  }

  long budget() {
    return budget;
  }

  /** Whether the window's budget is spent ({@code used > max}). */
  boolean exceeded() {
    return !unlimited && budget > 0 && counted > budget;
  }

  /** Bytes counted by the stream so far (QEMU's bytes transferred for the bandwidth estimate). */
  long total() {
    return total;
  }

  /** A new window: the budget is whole again (9.2: bytes still unflushed count in the new window). */
  void reset() {
    counted = 0;
  }

  /** No limit from now on (completion). */
  void unlimit() {
    unlimited = true;
  }

  /** A normal page: a header record in the buffer, then the page as its own iovec. */
  void normalPage(long headerBytes, long pageBytes) {
    if (version == QemuVersion.V7_2) {
      count(headerBytes + pageBytes);
      return;
    }
    buffered(headerBytes);
    unflushed += pageBytes;
    lastIovInBuffer = false;
    if (++iov >= MAX_IOV) {
      flush();
    }
  }

  /** A record written into the stream buffer: a zero page (header + 1 byte) or the 8-byte EOS. */
  void record(long bytes) {
    if (version == QemuVersion.V7_2) {
      count(bytes);
      return;
    }
    buffered(bytes);
  }

  /** The end of an iterate call (9.2: the stream is flushed). */
  void endOfIterate() {
    if (version == QemuVersion.V9_2) {
      flush();
    }
  }

  private void buffered(long bytes) {
    for (long left = bytes; left > 0; ) {
      if (!lastIovInBuffer) {
        lastIovInBuffer = true;
        if (++iov >= MAX_IOV) { // add_to_iovec flushes once the new entry fills the vector
          unflushed += 1;
          buf += 1;
          left -= 1;
          flush();
          continue;
        }
      }
      long n = Math.min(left, IO_BUF_SIZE - buf);
      unflushed += n;
      buf += (int) n;
      left -= n;
      if (buf == IO_BUF_SIZE) {
        flush();
      }
    }
  }

  private void flush() {
    count(unflushed);
    unflushed = 0;
    iov = 0;
    buf = 0;
    lastIovInBuffer = false;
  }

  private void count(long bytes) {
    counted += bytes;
    total += bytes;
  }
}
