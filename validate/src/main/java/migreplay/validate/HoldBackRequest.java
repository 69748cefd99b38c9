package migreplay.validate;

import java.util.Map;

/**
 * What a record's migration asked of the recorder's patched QEMU (recorder/qemu): the hold-back
 * ({@code params.hot_policy}, {@code hot_from_sync}, {@code hot_pending}: the migration parameters
 * {@code x-hot-*}) and the backport of upstream 03bfc2188f ({@code params.tcg_dirty_sync_fix}: the capability
 * {@code x-tcg-dirty-sync-fix}). A record of stock QEMU has neither: {@link #NONE}.
 *
 * @param hotPolicy {@code none}, {@code paper} or {@code consecutive:K}
 * @param hotFromSync the first sync that may judge a page hot
 * @param hotPending {@code excluded} or {@code counted}
 * @param tcgDirtySyncFix whether the TCG dirty-sync fix was on
 */
public record HoldBackRequest(String hotPolicy, long hotFromSync, String hotPending, boolean tcgDirtySyncFix) {
  public static final HoldBackRequest NONE = new HoldBackRequest("none", 2, "excluded", false);

  /** Whether pages were held back (a policy other than {@code none}). */
  public boolean active() {
    return !hotPolicy.equals("none");
  }

  /** The model's parameters for this request ({@code qemu-precopy}'s {@code hot_*}). */
  Map<String, String> modelParams() {
    return Map.of("hot_policy", hotPolicy, "hot_from_sync", Long.toString(hotFromSync), "hot_pending", hotPending);
  }
}
