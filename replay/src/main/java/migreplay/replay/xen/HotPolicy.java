package migreplay.replay.xen;

import java.util.Locale;

/**
 * When the improved pre-copy judges a page "frequently updated" and holds it back for the last round.
 * The paper (Ma, Liu, Liu, ICSESS 2010) is known only by its abstract, so each rule is our reading of it on
 * the Xen 3.3 loop, named in every result it shapes (see ../shared/research/algorithms.md §5):
 *
 * <ul>
 *   <li>{@code paper} (default): a page found in both {@code to_send} and {@code to_skip} when its batch is
 *       scanned — dirtied again before it could be sent — from round {@code fromRound} on (round 1's
 *       {@code to_send} is all of memory and says nothing about frequency).
 *   <li>{@code consecutive:K}: a page dirtied in K consecutive rounds (in the log at K consecutive cleans),
 *       judged at the clean that ends round {@code fromRound} or later.
 * </ul>
 *
 * Marking is sticky: a hot page stays held back until the last round, which sends it once.
 */
public sealed interface HotPolicy {
  /** The round from which pages may be judged hot; 2 by default. */
  int fromRound();

  /** The {@code hot_policy} parameter value. */
  String label();

  /** The paper's rule as we read it. */
  record Paper(int fromRound) implements HotPolicy {
    public Paper {
      if (fromRound < 1) {
        throw new IllegalArgumentException("hot_from_round must be at least 1, found " + fromRound);
      }
    }

    @Override
    public String label() {
      return "paper";
    }
  }

  /** Dirtied in {@code k} consecutive rounds. */
  record Consecutive(int k, int fromRound) implements HotPolicy {
    public Consecutive {
      if (k < 1 || k > 100) {
        throw new IllegalArgumentException("consecutive:K needs 1 <= K <= 100, found " + k);
      }
      if (fromRound < 1) {
        throw new IllegalArgumentException("hot_from_round must be at least 1, found " + fromRound);
      }
    }

    @Override
    public String label() {
      return "consecutive:" + k;
    }
  }

  /** The normal form of a {@code hot_policy} value ({@code paper} or {@code consecutive:K}). */
  static String normalize(String text) {
    try {
      return parse(text, 2).label();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected paper or consecutive:K with K from 1 to 100");
    }
  }

  /** Parses {@code paper} or {@code consecutive:K}. */
  static HotPolicy parse(String text, int fromRound) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("paper")) {
      return new Paper(fromRound);
    }
    if (t.startsWith("consecutive:")) {
      try {
        return new Consecutive(Integer.parseInt(t.substring("consecutive:".length())), fromRound);
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("unknown hot policy '" + text + "'; expected paper or consecutive:K");
  }
}
