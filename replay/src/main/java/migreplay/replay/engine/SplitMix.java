package migreplay.replay.engine;

/** SplitMix64's finalizer, the one hash the engine uses where a result must look random yet be reproducible. */
public final class SplitMix {
  private SplitMix() {}

  /** SplitMix64's finalizer (Steele, Lea and Flood, 2014): a bijection of 64-bit values that mixes every bit. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
