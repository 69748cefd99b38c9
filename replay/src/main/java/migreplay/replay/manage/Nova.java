package migreplay.replay.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenStack Nova's libvirt driver as it drives a live migration, from nova master at 33.0.0-373-g00a030403f
 * (August 2026; releases 29.0.0 (2024.1) to 33.0.0 (2026.1) have the same defaults and the same
 * {@code downtime_steps}, {@code update_downtime}, {@code should_trigger_timeout_action} and {@code run_tasks}, and
 * their monitor loops differ only in logging and threading): the options of {@code nova/conf/libvirt.py}, the monitor loop
 * {@code LibvirtDriver._live_migration_monitor} ({@code nova/virt/libvirt/driver.py}), and
 * {@code downtime_steps}, {@code update_downtime}, {@code should_trigger_timeout_action} and {@code run_tasks}
 * ({@code nova/virt/libvirt/migration.py}).
 *
 * <ul>
 *   <li><b>Data size</b> ({@code _live_migration_data_gb}): RAM in GiB, at least 2; disks only for a block
 *       migration (not modelled: shared storage).
 *   <li><b>Downtime steps</b>: delay = int(live_migration_downtime_delay × data_gb); base = downtime ÷ steps;
 *       offset = (downtime − base) ÷ steps; step i = (int(delay × i) s, int(base + offset × i) ms) for
 *       i = 0..steps, in IEEE doubles as Python computes them.
 *   <li><b>The loop</b> looks every 0.5 s, the first look at once. A look: (1) runs the queued tasks: a
 *       {@code force-complete} switches to post-copy if permitted, else pauses the guest; (2) if a completion
 *       timeout is set (int(live_migration_completion_timeout × data_gb) s), the migration is not in post-copy and
 *       the elapsed time exceeds it: {@code abort} cancels, {@code force_complete} queues a force-complete (run
 *       at the next look); (3) the last step whose time the elapsed time exceeds becomes the downtime limit if it
 *       differs from the current one.
 *   <li><b>Time</b>: look k happens k × 0.5 s after the start; Python's elapsed time at that look is a little
 *       more (the calls in the loop take time), so "elapsed &gt; mark" holds from the look at mark on.
 *   <li>libvirt flags: post-copy only with {@code live_migration_permit_post_copy}; auto-converge only with
 *       {@code live_migration_permit_auto_converge} and post-copy not permitted; {@code live_migration_bandwidth}
 *       MiB/s, 0 = libvirt's default (unlimited).
 * </ul>
 *
 * @param downtimeMs {@code live_migration_downtime}
 * @param steps {@code live_migration_downtime_steps}
 * @param delayS {@code live_migration_downtime_delay}, seconds per GiB
 * @param completionTimeoutS {@code live_migration_completion_timeout}, seconds per GiB; 0 = none
 * @param forceComplete {@code live_migration_timeout_action} = {@code force_complete} (else {@code abort})
 * @param permitPostCopy {@code live_migration_permit_post_copy}
 * @param permitAutoConverge {@code live_migration_permit_auto_converge}
 * @param bandwidthMiBps {@code live_migration_bandwidth}, MiB/s; 0 = unlimited
 */
public record Nova(long downtimeMs, int steps, long delayS, long completionTimeoutS, boolean forceComplete,
    boolean permitPostCopy, boolean permitAutoConverge, long bandwidthMiBps) implements ManagerSettings {
  static final long NS = 1_000_000_000L;
  static final long LOOK_NS = 500_000_000L;
  private static final long MIB = 1L << 20;

  /** One downtime step: at {@code atS} seconds the limit becomes {@code downtimeMs}. */
  public record Step(long atS, long downtimeMs) {}

  @Override
  public String name() {
    return "nova";
  }

  @Override
  public long maxBandwidth() {
    return bandwidthMiBps * MIB;
  }

  @Override
  public boolean autoConverge() {
    return permitAutoConverge && !permitPostCopy;
  }

  @Override
  public boolean postcopyRam() {
    return permitPostCopy;
  }

  /** {@code _live_migration_data_gb} without disks: RAM in GiB (memory_mb × Mi ÷ Gi), at least 2. */
  public static double dataGb(long ramBytes) {
    double ramGb = (double) (ramBytes / MIB) * MIB / (1L << 30);
    return ramGb < 2 ? 2 : ramGb;
  }

  /** {@code downtime_steps(data_gb)}. */
  public List<Step> downtimeSteps(double dataGb) {
    long delay = (long) (delayS * dataGb);
    double base = (double) downtimeMs / steps;
    double offset = (downtimeMs - base) / steps;
    List<Step> out = new ArrayList<>();
    for (int i = 0; i <= steps; i++) {
      out.add(new Step(delay * i, (long) (base + offset * i)));
    }
    return out;
  }

  @Override
  public Manager start(long ramBytes) {
    double dataGb = dataGb(ramBytes);
    return new Monitor(downtimeSteps(dataGb), (long) (completionTimeoutS * dataGb), dataGb);
  }

  /** A data size as Python prints it: 2 for the 2 GiB floor, else the float. */
  private static String gb(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** {@code _live_migration_monitor} for one migration. */
  private final class Monitor implements Manager {
    private final List<Step> downtimeSteps;
    private final long completionTimeoutS;
    private final double dataGb;
    private long current = -1;
    private boolean forceCompleteQueued;
    private boolean postcopy;

    Monitor(List<Step> downtimeSteps, long completionTimeoutS, double dataGb) {
      this.downtimeSteps = downtimeSteps;
      this.completionTimeoutS = completionTimeoutS;
      this.dataGb = dataGb;
    }

    @Override
    public long firstLookNs() {
      return 0;
    }

    @Override
    public long periodNs() {
      return LOOK_NS;
    }

    @Override
    public void look(long elapsedNs, MigrationControl c) {
      if (forceCompleteQueued) { // run_tasks
        forceCompleteQueued = false;
        if (!postcopy && permitPostCopy) {
          postcopy = true; // migration.status = 'running (post-copy)'
          c.startPostcopy("nova: force-complete after live_migration_completion_timeout, post-copy permitted");
        } else if (!postcopy) {
          c.pauseGuest("nova: force-complete after live_migration_completion_timeout, post-copy not permitted");
        }
      }
      if (completionTimeoutS != 0 && !postcopy && elapsedNs >= completionTimeoutS * NS) {
        if (forceComplete) {
          forceCompleteQueued = true;
        } else { // guest.abort_job(); the look goes on to update_downtime, as Nova's does
          c.cancel(String.format(Locale.ROOT, "nova: not completed after %d s (live_migration_completion_timeout "
              + "%d s per GiB × %s GiB); live_migration_timeout_action abort", completionTimeoutS,
              Nova.this.completionTimeoutS, gb(dataGb)));
        }
      }
      Step step = null; // update_downtime
      for (Step s : downtimeSteps) {
        if (elapsedNs >= s.atS() * NS) {
          step = s;
        }
      }
      if (step != null && step.downtimeMs() != current) {
        current = step.downtimeMs();
        c.setDowntimeLimit(current, "nova: downtime step " + downtimeSteps.indexOf(step) + " at " + step.atS() + " s");
      }
    }
  }
}
