package migreplay.replay.manage;

import java.util.Locale;

/**
 * KubeVirt's migration monitor, from KubeVirt v1.8.0 ({@code pkg/virt-launcher/virtwrap/live-migration-source.go}:
 * {@code migrationMonitor.startMonitor} and {@code processInflightMigration}; the settings and their defaults
 * from {@code pkg/virt-config/virt-config.go} and {@code pkg/virt-handler/migration-source.go}). The stall
 * detector on KubeVirt's main branch after v1.9.0-beta.0 is not modelled.
 *
 * <ul>
 *   <li><b>Acceptable completion time</b>: {@code completionTimeoutPerGiB} × the guest's memory in GB
 *       ({@code getVMIMigrationDataSize}: {@code Quantity.ScaledValue(Giga)}, so decimal GB rounded up: a
 *       512 MiB guest counts 1).
 *   <li><b>The loop</b> looks every 400 ms, the first look 400 ms after the start. A look reads
 *       {@code DataRemaining}; progress is seen when it is below the previous look's; then the first that holds
 *       of: in post-copy, nothing; {@code allowWorkloadDisruption} and whole elapsed seconds &gt; the acceptable
 *       time and the guest not paused by the monitor: {@code migrate-start-postcopy} if {@code allowPostCopy},
 *       else pause the guest and double the acceptable time; no progress for more than {@code progressTimeout}
 *       whole seconds: cancel; whole elapsed seconds &gt; the acceptable time: cancel. A setting of 0 turns its
 *       timeout off.
 *   <li>{@code allowWorkloadDisruption} unset follows {@code allowPostCopy} ({@code GetMigrationConfiguration}).
 *   <li>libvirt: {@code bandwidthPerMigration} in MiB/s rounded to nearest ({@code QuantityToMebiByte}), 0 =
 *       unlimited; {@code MIGRATE_AUTO_CONVERGE} and {@code MIGRATE_POSTCOPY} flags from the two allow settings.
 * </ul>
 * Defaults by release: {@code completionTimeoutPerGiB} 800 up to v1.3, 150 from v1.4.0 (commit 5080d817f1,
 * 2024-09-17); {@code bandwidthPerMigration} 64Mi up to v0.43, unlimited ("0Mi") after (commit ba569ec0bb,
 * 2021-07-09); {@code progressTimeout} 150 throughout; {@code parallelMigrationsPerCluster} 5 and
 * {@code parallelOutboundMigrationsPerNode} 2 (one migration at a time is modelled, so these do not apply).
 *
 * @param bandwidthBytes {@code bandwidthPerMigration} in bytes per second (0 = unlimited)
 * @param completionTimeoutPerGiB {@code completionTimeoutPerGiB}, seconds
 * @param progressTimeoutS {@code progressTimeout}, seconds
 * @param allowAutoConverge {@code allowAutoConverge}
 * @param allowPostCopy {@code allowPostCopy}
 * @param allowWorkloadDisruption {@code allowWorkloadDisruption} as it applies (unset: {@code allowPostCopy})
 */
public record KubeVirt(long bandwidthBytes, long completionTimeoutPerGiB, long progressTimeoutS,
    boolean allowAutoConverge, boolean allowPostCopy, boolean allowWorkloadDisruption) implements ManagerSettings {
  static final long LOOK_NS = 400_000_000L;
  private static final long MIB = 1L << 20;

  @Override
  public String name() {
    return "kubevirt";
  }

  /** libvirt's MiB/s from {@code QuantityToMebiByte}: nearest MiB, at least 1 for a non-zero quantity. */
  @Override
  public long maxBandwidth() {
    if (bandwidthBytes == 0) {
      return 0;
    }
    long mib = bandwidthBytes < MIB ? 1 : (long) ((double) bandwidthBytes / MIB + 0.5);
    return mib * MIB;
  }

  @Override
  public boolean autoConverge() {
    return allowAutoConverge;
  }

  @Override
  public boolean postcopyRam() {
    return allowPostCopy;
  }

  /** {@code getVMIMigrationDataSize}: memory in decimal GB, rounded up. */
  public static long dataSizeGb(long ramBytes) {
    return (ramBytes + 999_999_999L) / 1_000_000_000L;
  }

  @Override
  public Manager start(long ramBytes) {
    return new Monitor(completionTimeoutPerGiB * dataSizeGb(ramBytes));
  }

  /** {@code migrationMonitor} for one migration. */
  private final class Monitor implements Manager {
    private long acceptableS;
    private long lastProgressNs;
    private long watermark;
    private boolean postcopy;
    private boolean paused;

    Monitor(long acceptableS) {
      this.acceptableS = acceptableS;
    }

    @Override
    public long firstLookNs() {
      return LOOK_NS;
    }

    @Override
    public long periodNs() {
      return LOOK_NS;
    }

    @Override
    public void look(long elapsedNs, MigrationControl c) {
      long remaining = c.remainingBytes();
      if (watermark == 0 || remaining < watermark) {
        lastProgressNs = elapsedNs;
      }
      watermark = remaining;
      long elapsedS = elapsedNs / Nova.NS;
      boolean timedOut = acceptableS != 0 && elapsedS > acceptableS;
      if (postcopy) {
        return;
      }
      if (allowWorkloadDisruption && timedOut && !paused) {
        if (allowPostCopy) {
          postcopy = true;
          c.startPostcopy(String.format(Locale.ROOT, "kubevirt: not completed after %d s, allowPostCopy", acceptableS));
        } else {
          paused = true;
          c.pauseGuest(String.format(Locale.ROOT, "kubevirt: not completed after %d s, allowWorkloadDisruption without "
              + "allowPostCopy; acceptable time doubled to %d s", acceptableS, acceptableS * 2));
          acceptableS *= 2;
        }
      } else if (progressTimeoutS != 0 && (elapsedNs - lastProgressNs) / Nova.NS > progressTimeoutS) {
        c.cancel(String.format(Locale.ROOT, "kubevirt: no progress for %d s (progressTimeout %d s)",
            (elapsedNs - lastProgressNs) / Nova.NS, progressTimeoutS));
      } else if (timedOut) {
        c.cancel(String.format(Locale.ROOT, "kubevirt: not completed after %d s (completionTimeoutPerGiB)", acceptableS));
      }
    }
  }
}
