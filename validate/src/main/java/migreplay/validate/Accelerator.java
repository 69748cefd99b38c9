package migreplay.validate;

import java.util.List;

/**
 * The accelerator a migration's guest ran under, as its QEMU command line ({@code qemu_cmdline}) says. Under TCG,
 * QEMU 7.2-8.2's dirty log misses rewrites ({@link MigrationRecord.Request#lossyDirtyLog()}).
 */
public enum Accelerator {
  KVM,
  /** No KVM accelerator named: QEMU's default, TCG. */
  TCG,
  /** The record has no command line: taken to have run with an exact dirty log. */
  UNKNOWN;

  /**
   * The accelerator a command line (its arguments, the program first) runs the guest under: KVM when it names
   * a KVM accelerator ({@code -enable-kvm}, {@code -accel kvm}, {@code accel=kvm} in {@code -machine}) or its
   * program name (the first argument containing {@code qemu}) ends in {@code kvm}; else TCG. {@link #UNKNOWN}
   * for no arguments.
   */
  public static Accelerator of(List<String> cmdline) {
    if (cmdline.isEmpty()) {
      return UNKNOWN;
    }
    boolean kvm = false;
    boolean sawProgram = false;
    for (int i = 0; i < cmdline.size(); i++) {
      String a = cmdline.get(i);
      String next = i + 1 < cmdline.size() ? cmdline.get(i + 1) : "";
      if (!sawProgram && a.contains("qemu")) {
        sawProgram = true;
        kvm |= a.endsWith("kvm");
      }
      kvm |= a.equals("-enable-kvm") || a.equals("--enable-kvm");
      if (a.equals("-accel") || a.equals("--accel")) {
        kvm |= next.startsWith("kvm");
      }
      if (a.equals("-machine") || a.equals("-M") || a.equals("--machine")) {
        kvm |= next.matches("(.*,)?accel=kvm.*");
      }
    }
    return kvm ? KVM : TCG;
  }
}
