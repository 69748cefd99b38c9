package migreplay.report;

/** Counts in words for messages and reports: "1 run", "2 runs", "1 regression". */
public final class Words {
  private Words() {}

  /** {@code n} and the noun, plural unless {@code n} is 1 (nouns here take an s). */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
