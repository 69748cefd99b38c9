package migreplay.replay.engine;

/**
 * The post-copy part of DESIGN.md's invariant, checked with {@code --verify}: every page dirty at the switch
 * (its last write on the source is in the bitmap then) reaches the destination exactly once after the switch,
 * either in the background stream or on request, never both, and no other page is sent after the switch; a
 * guest that faulted on a page ran again only once the page had arrived.
 */
final class PostcopyCheck {
  private final Bitmap due;
  private final Bitmap background;
  private final Bitmap requested;
  private final long space;
  private String broken;

  PostcopyCheck(Bitmap dirtyAtSwitch, long pfnSpace) {
    this.space = pfnSpace;
    this.due = new Bitmap(pfnSpace);
    for (long p = dirtyAtSwitch.nextSetBit(0); p >= 0 && p < pfnSpace; p = dirtyAtSwitch.nextSetBit(p + 1)) {
      due.set(p);
    }
    this.background = new Bitmap(pfnSpace);
    this.requested = new Bitmap(pfnSpace);
  }

  void sent(long pfn, boolean onRequest, long tick) {
    if (pfn >= space || broken != null) {
      return;
    }
    if (!due.get(pfn)) {
      broken = "page " + pfn + " was sent after the switch to post-copy at tick " + tick
          + " but was not dirty at the switch";
    } else if (background.get(pfn) || requested.get(pfn)) {
      broken = "page " + pfn + " was sent twice after the switch to post-copy (" + (onRequest ? "on request" : "in the "
          + "background") + " at tick " + tick + ", already " + (requested.get(pfn) ? "on request" : "in the background")
          + ")";
    } else {
      (onRequest ? requested : background).set(pfn);
    }
  }

  void fault(long pfn, long resumeTick, long arrivalTick) {
    if (broken == null && resumeTick < arrivalTick) {
      broken = "the guest ran again at tick " + resumeTick + " after a fault on page " + pfn
          + " that arrived only at tick " + arrivalTick;
    }
  }

  String check() {
    if (broken != null) {
      return broken;
    }
    for (long p = due.nextSetBit(0); p >= 0; p = due.nextSetBit(p + 1)) {
      if (!background.get(p) && !requested.get(p)) {
        return "page " + p + " was dirty at the switch to post-copy but never sent after it";
      }
    }
    return null;
  }
}
