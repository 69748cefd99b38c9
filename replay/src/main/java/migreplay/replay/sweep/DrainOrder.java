package migreplay.replay.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How a drain orders its guests. Sorting orders are stable: guests that tie keep the order given. */
public enum DrainOrder {
  GIVEN("given"),
  SMALLEST_FIRST("smallest-first"),
  CALMEST_FIRST("calmest-first"),
  BUSIEST_FIRST("busiest-first"),
  /** Every order tried; the one that finishes soonest with no failed guest kept. */
  BEST("best");

  /** {@link #BEST} tries every order of at most this many guests (8! = 40,320 orders). */
  public static final int BEST_MAX_GUESTS = 8;

  private final String label;

  DrainOrder(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The value a user types, or null. */
  public static DrainOrder of(String text) {
    for (DrainOrder o : values()) {
      if (o.label.equals(text)) {
        return o;
      }
    }
    return null;
  }

  /**
   * The orders to try: one for a sorting order; for {@link #BEST} every order of the guests up to the set that
   * starts at once (with {@code parallel} slots the first {@code parallel} guests all start at 0, so only
   * which they are matters: they are kept in the given order), in lexicographic order of positions.
   */
  public List<List<Drain.Guest>> candidates(List<Drain.Guest> guests, int parallel) {
    List<Drain.Guest> sorted = new ArrayList<>(guests);
    switch (this) {
      case GIVEN -> { }
      case SMALLEST_FIRST -> sorted.sort(Comparator.comparingLong(Drain.Guest::ramBytes));
      case CALMEST_FIRST -> sorted.sort(Comparator.comparingDouble(Drain.Guest::dirtyRate));
      case BUSIEST_FIRST -> sorted.sort(Comparator.comparingDouble(Drain.Guest::dirtyRate).reversed());
      case BEST -> {
        List<List<Drain.Guest>> out = new ArrayList<>();
        permute(guests, new ArrayList<>(), new boolean[guests.size()], Math.min(parallel, guests.size()), out);
        return out;
      }
    }
    return List.of(sorted);
  }

  private static void permute(List<Drain.Guest> guests, List<Integer> prefix, boolean[] used, int together,
      List<List<Drain.Guest>> out) {
    if (prefix.size() == guests.size()) {
      out.add(prefix.stream().map(guests::get).toList());
      return;
    }
    for (int i = 0; i < guests.size(); i++) {
      // The guests that start together are taken in increasing index: their order changes nothing.
      if (used[i] || (prefix.size() > 0 && prefix.size() < together && i < prefix.get(prefix.size() - 1))) {
        continue;
      }
      used[i] = true;
      prefix.add(i);
      permute(guests, prefix, used, together, out);
      prefix.remove(prefix.size() - 1);
      used[i] = false;
    }
  }
}
