package migreplay.validate;

import java.util.List;
import java.util.Locale;

/**
 * The accelerator a migration's guest ran under, as its QEMU command line ({@code qemu_cmdline}) says. Under TCG,
 * QEMU 7.2-8.2's dirty log misses rewrites ({@link MigrationRecord.Request#lossyDirtyLog()}); only a command line
 * that says TCG gets that log, every other is replayed with the exact one.
 */
public enum Accelerator {
  KVM,
  /** TCG, said by the command line: {@code -accel tcg}, {@code accel=tcg}, {@code -icount}, or QEMU's default. */
  TCG,
  /** Another hardware accelerator ({@code hvf}, {@code whpx}, {@code xen}, {@code nvmm}): an exact log. */
  OTHER,
  /**
   * The record has no command line, or one in which no QEMU program can be recognised (a wrapper script, say):
   * it cannot tell, and is replayed with the exact log ({@code validate} says so).
   */
  UNKNOWN;

  /**
   * The accelerator a command line (its arguments; wrappers such as {@code nice -n 5} before the program are
   * fine) runs the guest under, by QEMU's own rules ({@code softmmu/vl.c}, {@code configure_accelerators}): the
   * first accelerator named by {@code -accel}, {@code --accel}, {@code -machine accel=A[:B]} or
   * {@code -enable-kvm} wins (a list {@code kvm:tcg} falls back only when KVM is missing, so it is KVM);
   * {@code -icount} is TCG-only; with none named, a program whose name ends in {@code kvm} ({@code qemu-kvm},
   * {@code /usr/bin/kvm}) prefers KVM and any other QEMU program ({@code qemu-system-*}) runs TCG. Without a
   * recognisable QEMU program and no accelerator named, {@link #UNKNOWN}.
   */
  public static Accelerator of(List<String> cmdline) {
    String program = null;
    String named = null;
    boolean icount = false;
    for (int i = 0; i < cmdline.size(); i++) {
      String a = cmdline.get(i);
      String next = i + 1 < cmdline.size() ? cmdline.get(i + 1) : "";
      if (program == null) {
        String base = a.substring(a.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (a.indexOf(' ') < 0 && (base.startsWith("qemu") || base.equals("kvm") || base.endsWith("-kvm"))) {
          program = base;
        }
        continue; // options before the program are the wrapper's
      }
      String opt = a.startsWith("--") ? a.substring(1) : a;
      if (named == null && (opt.equals("-enable-kvm"))) {
        named = "kvm";
      } else if (named == null && opt.equals("-accel")) {
        named = first(next.split(",", 2)[0]);
      } else if (named == null && opt.startsWith("-accel=")) {
        named = first(opt.substring("-accel=".length()).split(",", 2)[0]);
      } else if (named == null && (opt.equals("-machine") || opt.equals("-M"))) {
        for (String part : next.split(",")) {
          if (part.startsWith("accel=")) {
            named = first(part.substring("accel=".length()));
          }
        }
      }
      icount |= opt.equals("-icount");
    }
    if (named != null && !named.isEmpty()) {
      return switch (named) {
        case "kvm" -> KVM;
        case "tcg" -> TCG;
        default -> OTHER;
      };
    }
    if (icount) {
      return TCG;
    }
    if (program == null) {
      return UNKNOWN;
    }
    return program.endsWith("kvm") ? KVM : TCG;
  }

  /** The first of a fallback list {@code a:b}. */
  private static String first(String list) {
    return list.split(":", 2)[0].toLowerCase(Locale.ROOT);
  }
}
