package migreplay.replay.manage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.params.ParamType;

/**
 * The {@code manager} parameter and each manager's settings, under the names their projects document (Nova's
 * {@code [libvirt]} options as they are; KubeVirt's {@code MigrationConfiguration} fields in snake_case), with
 * the defaults of the releases {@link Nova} and {@link KubeVirt} name. A manager's settings apply only when it
 * is the {@code manager}.
 */
public final class Managers {
  private static final ParamType BOOL = ParamType.choice("false", "true");
  private static final Pattern QUANTITY = Pattern.compile("([0-9]{1,15})(Ki|Mi|Gi|Ti|k|M|G|T)?");

  public static final List<ParamSpec> PARAMS = List.of(
      new ParamSpec("manager", ParamType.choice("none", "nova", "kubevirt"), "none", "",
          "the management layer driving QEMU through libvirt: none (QEMU alone), nova (OpenStack Nova's libvirt "
              + "driver: downtime steps, completion timeout), kubevirt (KubeVirt's migration monitor)"),
      new ParamSpec("live_migration_downtime", ParamType.integer(100, 1_000_000), "500", "ms",
          "nova: the downtime limit the steps end at ([libvirt] live_migration_downtime; default 500, min 100)"),
      new ParamSpec("live_migration_downtime_steps", ParamType.integer(3, 1_000_000), "10", "steps",
          "nova: steps to reach live_migration_downtime (default 10, min 3)"),
      new ParamSpec("live_migration_downtime_delay", ParamType.integer(3, 1_000_000), "75", "s per GiB",
          "nova: time between steps per GiB of RAM, at least 2 GiB counted (default 75, min 3)"),
      new ParamSpec("live_migration_completion_timeout", ParamType.integer(0, 1_000_000), "800", "s per GiB",
          "nova: time to complete per GiB of RAM, at least 2 GiB counted; then the timeout action; 0 = none "
              + "(default 800)"),
      new ParamSpec("live_migration_timeout_action", ParamType.choice("abort", "force_complete"), "abort", "",
          "nova: at the completion timeout, abort, or force_complete (post-copy if permitted, else pause the guest)"),
      new ParamSpec("live_migration_permit_post_copy", BOOL, "false", "",
          "nova: allow the switch to post-copy (force_complete); turns auto-converge off (default false)"),
      new ParamSpec("live_migration_permit_auto_converge", BOOL, "false", "",
          "nova: start with QEMU's auto-converge, unless post-copy is permitted (default false)"),
      new ParamSpec("live_migration_bandwidth", ParamType.integer(0, 1L << 40), "0", "MiB/s",
          "nova: QEMU's max-bandwidth through libvirt; 0 = libvirt's default, unlimited (default 0)"),
      new ParamSpec("bandwidth_per_migration", ParamType.of("a Kubernetes quantity like 64Mi, 1Gi or 0",
          Managers::quantity), "0Mi", "bytes/s",
          "kubevirt: bandwidthPerMigration, the migration's max-bandwidth per second; 0Mi = unlimited (default "
              + "since v0.44; 64Mi before)"),
      new ParamSpec("completion_timeout_per_gib", ParamType.integer(0, 1_000_000), "150", "s per GB",
          "kubevirt: completionTimeoutPerGiB × the guest's memory in GB (rounded up) before a cancel, or post-copy "
              + "or a pause with allow_workload_disruption; 0 = none (150 since v1.4.0; 800 before)"),
      new ParamSpec("progress_timeout", ParamType.integer(0, 1_000_000), "150", "s",
          "kubevirt: progressTimeout, cancel when the remaining data has not shrunk for this long; 0 = none"),
      new ParamSpec("allow_auto_converge", BOOL, "false", "", "kubevirt: allowAutoConverge (default false)"),
      new ParamSpec("allow_post_copy", BOOL, "false", "",
          "kubevirt: allowPostCopy, switch to post-copy at the completion timeout (default false)"),
      new ParamSpec("allow_workload_disruption", ParamType.choice("unset", "false", "true"), "unset", "",
          "kubevirt: allowWorkloadDisruption, post-copy or pause instead of a cancel at the completion timeout; "
              + "unset = as allow_post_copy (default)"));

  private Managers() {}

  /** The settings of the {@code manager} in {@code p}, or null for {@code none}. */
  public static ManagerSettings parse(AlgorithmParams p) {
    return switch (p.get("manager")) {
      case "nova" -> new Nova(p.getLong("live_migration_downtime"), p.getInt("live_migration_downtime_steps"),
          p.getLong("live_migration_downtime_delay"), p.getLong("live_migration_completion_timeout"),
          p.get("live_migration_timeout_action").equals("force_complete"),
          p.get("live_migration_permit_post_copy").equals("true"),
          p.get("live_migration_permit_auto_converge").equals("true"), p.getLong("live_migration_bandwidth"));
      case "kubevirt" -> {
        boolean postCopy = p.get("allow_post_copy").equals("true");
        String disruption = p.get("allow_workload_disruption");
        yield new KubeVirt(quantityBytes(p.get("bandwidth_per_migration")), p.getLong("completion_timeout_per_gib"),
            p.getLong("progress_timeout"), p.get("allow_auto_converge").equals("true"), postCopy,
            disruption.equals("unset") ? postCopy : disruption.equals("true"));
      }
      default -> null;
    };
  }

  private static String quantity(String text) {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a Kubernetes quantity like 64Mi, 1Gi or 0");
    }
    return Long.parseLong(m.group(1)) + (m.group(2) == null ? "" : m.group(2));
  }

  /** Bytes of a quantity in normal form ({@code 64Mi} = 67,108,864; {@code 100M} = 10^8). */
  static long quantityBytes(String normal) {
    Matcher m = QUANTITY.matcher(normal);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a Kubernetes quantity like 64Mi, 1Gi or 0");
    }
    long n = Long.parseLong(m.group(1));
    long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "k" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      default -> 1_000_000_000_000L;
    };
    return Math.multiplyExact(n, unit);
  }
}
