package migreplay.replay.qemu;

import java.util.Locale;

/**
 * Which pages {@code qemu-precopy} holds back until the completion pass: QEMU's reading of the improved
 * pre-copy of Ma, Liu and Liu (ICSESS 2010), as recorder/qemu/hot-page-hold-back.patch implements it in a
 * real QEMU 7.2 (DESIGN.md, "Hold-back on QEMU"). Parameters {@code hot_policy}, {@code hot_from_sync},
 * {@code hot_pending}.
 *
 * <p>At each sync numbered {@code fromSync} or later (dirty-sync-count; the setup sync is 1), before the
 * guest stops, a page is judged hot when:
 * <ul>
 *   <li>{@link Rule#PAPER}: its bit is still set in the migration bitmap (it was found dirty and has not been
 *       sent since) and this sync finds it dirty again;
 *   <li>{@link Rule#CONSECUTIVE}: the dirty log has held it at the last {@code k} syncs in a row (this one
 *       included), counted from sync 2 on: in QEMU the setup sync's log holds every page (a RAMBlock is
 *       dirty for migration from its allocation), which says nothing about frequency.
 * </ul>
 * A hot page leaves the migration bitmap for the held set; a later sync that finds it dirty keeps it there;
 * the send loop never sees it. After the final sync the held set joins the bitmap, so each held page is sent
 * once, in the completion pass. Whether held pages count in the pending estimate that decides the next sync
 * and the switchover is {@code pendingCounted} ({@code hot_pending}).
 *
 * @param rule the policy
 * @param k with {@link Rule#CONSECUTIVE}, the syncs in a row (1 to 255); 0 otherwise
 * @param fromSync the first sync that may judge a page hot (at least 2)
 * @param pendingCounted whether held pages count in the pending estimate
 */
public record HoldBack(Rule rule, int k, long fromSync, boolean pendingCounted) {
  /** QEMU's own loop: nothing is held. */
  public static final HoldBack NONE = new HoldBack(Rule.NONE, 0, 2, false);

  /** The policies of {@code hot_policy}. */
  public enum Rule { NONE, PAPER, CONSECUTIVE }

  /** What {@code hot_policy} accepts. */
  static final String ACCEPTED = "none, paper or consecutive:K with K from 1 to 255";

  public HoldBack {
    if (fromSync < 2) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": hot_from_sync must be at least 2 (sync 1 is the "
          + "setup sync), found " + fromSync);
    }
    if (rule == Rule.CONSECUTIVE ? k < 1 || k > 255 : k != 0) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": hot_policy expected " + ACCEPTED);
    }
  }

  /** Whether pages are held at all. */
  public boolean active() {
    return rule != Rule.NONE;
  }

  /** The {@code hot_policy} value. */
  public String label() {
    return switch (rule) {
      case NONE -> "none";
      case PAPER -> "paper";
      case CONSECUTIVE -> "consecutive:" + k;
    };
  }

  /** The hold-back of {@code hot_policy} = {@code policy} (a normal form or as typed). */
  static HoldBack parse(String policy, long fromSync, boolean pendingCounted) {
    String t = policy.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return new HoldBack(Rule.NONE, 0, fromSync, pendingCounted);
    }
    if (t.equals("paper")) {
      return new HoldBack(Rule.PAPER, 0, fromSync, pendingCounted);
    }
    if (t.startsWith("consecutive:")) {
      String n = t.substring("consecutive:".length());
      if (n.matches("[0-9]{1,3}")) {
        int k = Integer.parseInt(n);
        if (k >= 1 && k <= 255) {
          return new HoldBack(Rule.CONSECUTIVE, k, fromSync, pendingCounted);
        }
      }
    }
    throw new IllegalArgumentException("expected " + ACCEPTED);
  }

  /** The normal form of a {@code hot_policy} value. */
  static String normalize(String policy) {
    return parse(policy, 2, false).label();
  }
}
