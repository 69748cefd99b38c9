package migreplay.replay.qemu;

/**
 * One point of a modelled migration's time series, what {@code query-migrate} would answer then: taken at
 * the start, at every rate window (every 100 ms while the migration iterates) and at the end.
 *
 * @param tS seconds since the {@code migrate} command
 * @param transferredBytes {@code ram.transferred}
 * @param remainingBytes {@code ram.remaining} (dirty pages in the migration bitmap × page size)
 * @param dirtySyncCount {@code ram.dirty-sync-count}
 * @param status {@code setup}, {@code active}, {@code completed}, or {@code cancelled} (the timeout ended a
 *     migration that had not converged)
 */
public record Sample(double tS, long transferredBytes, long remainingBytes, long dirtySyncCount, String status) {}
