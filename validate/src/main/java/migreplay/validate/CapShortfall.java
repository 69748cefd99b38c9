package migreplay.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The records whose real migration thread moved pages well below QEMU's cap while iterating (its
 * {@link Totals#precopyThroughput() pre-copy throughput} under {@value #SHARE_PERCENT} % of
 * {@code max_bandwidth}): a host that could not keep up with its cap (CPU, load, a slow zero-page scan). The model
 * reaches the cap unless its host costs say otherwise, so such a record's total time comes out short; a
 * calibration on that host's records fits its costs.
 */
public final class CapShortfall {
  static final int SHARE_PERCENT = 90;

  /**
   * One record short of its cap.
   *
   * @param realShare the real pre-copy throughput over the cap
   * @param modelShare the model's, over the same cap (NaN when not known)
   */
  public record Entry(String record, double realShare, double modelShare) {}

  private CapShortfall() {}

  /** The records short of their cap, in the order given. */
  public static List<Entry> of(List<Validation.Row> rows) {
    List<Entry> out = new ArrayList<>();
    for (Validation.Row r : rows) {
      double cap = r.record().request().maxBandwidthBytesPerS();
      double real = r.real().precopyThroughput() / cap;
      if (real < SHARE_PERCENT / 100.0) {
        out.add(new Entry(r.record().name(), real, r.model().totals().precopyThroughput() / cap));
      }
    }
    return out;
  }

  /** One line for people, or empty when every record's real run reached 90 % of its cap (or did not say). */
  public static String describe(List<Validation.Row> rows) {
    List<Entry> short_ = of(rows);
    if (short_.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(String.format(Locale.US, "%d of %d records moved pages below %d %% of "
        + "their cap while iterating (the host's migration thread did not keep up; the model's share in brackets): ",
        short_.size(), rows.size(), SHARE_PERCENT));
    for (Entry e : short_) {
      b.append(String.format(Locale.US, "%s %.0f %% (%s), ", e.record(), e.realShare() * 100,
          Double.isNaN(e.modelShare()) ? "n/a" : String.format(Locale.US, "%.0f %%", e.modelShare() * 100)));
    }
    b.setLength(b.length() - 2);
    return b.toString();
  }
}
