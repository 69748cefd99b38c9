package migreplay.replay.engine;

import java.math.BigInteger;

/** Exact integer arithmetic for the clock: a × b / c rounded down or up, in 128 bits when a × b overflows. */
public final class Exact {
  private Exact() {}

  /** floor(a × b / c) for a, b ≥ 0 and c > 0. */
  public static long mulDiv(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    return big(a, b).divide(BigInteger.valueOf(c)).longValueExact();
  }

  /** ceil(a × b / c) for a, b ≥ 0 and c > 0. */
  public static long mulDivUp(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c + (lo % c == 0 ? 0 : 1);
    }
    BigInteger[] qr = big(a, b).divideAndRemainder(BigInteger.valueOf(c));
    return qr[0].longValueExact() + (qr[1].signum() == 0 ? 0 : 1);
  }

  private static BigInteger big(long a, long b) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
  }
}
