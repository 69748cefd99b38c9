package migreplay.replay.qemu;

/** The QEMU release whose pre-copy loop is modelled (../shared/research/qemu-validation.md §1, algorithms.md §2). */
public enum QemuVersion {
  /**
   * 7.2 (Debian 12): bytes count against the rate window as they are queued, checked before every page, so a
   * window sends exactly ⌈budget / 4104⌉ normal pages.
   */
  V7_2("7.2"),
  /**
   * 9.2: bytes count only when the stream buffer is flushed (64 iovecs, i.e. every 32 normal pages, or 32 KiB
   * of buffered records, or the end of an iterate call), so a window can overshoot by up to 31 pages; with
   * auto-converge a timer adds a sync every 5 s when none happened.
   */
  V9_2("9.2");

  private final String label;

  QemuVersion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static QemuVersion parse(String text) {
    for (QemuVersion v : values()) {
      if (v.label.equals(text.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException("qemu_version must be 7.2 or 9.2, found '" + text + "'");
  }
}
