package migreplay.validate;

/**
 * One point of a migration's progress, as a {@code query-migrate} poll shows it.
 *
 * @param tS seconds since the {@code migrate} command
 * @param transferredBytes {@code ram.transferred}
 * @param remainingBytes {@code ram.remaining}
 */
public record Sample(double tS, long transferredBytes, long remainingBytes) {}
