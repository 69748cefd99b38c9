package migreplay.replay.manage;

/**
 * One management layer's settings, parsed from the parameters {@link Managers#PARAMS} declares, and what they
 * make libvirt ask of QEMU when the migration starts.
 */
public sealed interface ManagerSettings permits Nova, KubeVirt {
  /** The {@code manager} value: {@code nova} or {@code kubevirt}. */
  String name();

  /** QEMU's {@code max-bandwidth} that libvirt sets, bytes per second; 0 for libvirt's default, unlimited. */
  long maxBandwidth();

  /** Whether libvirt turns on QEMU's {@code auto-converge} capability. */
  boolean autoConverge();

  /** Whether libvirt turns on QEMU's {@code postcopy-ram} capability (so that post-copy can be started). */
  boolean postcopyRam();

  /**
   * The monitor loop for one migration of a guest of {@code ramBytes} bytes of RAM (the sizes that scale the
   * timers: Nova's data GB, KubeVirt's GiB).
   */
  Manager start(long ramBytes);
}
