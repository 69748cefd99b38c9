package migreplay.replay.manage;

/**
 * What a management layer sees of a running QEMU migration and what it may do to it: libvirt's job statistics
 * and the libvirt calls Nova and KubeVirt make. Each call is recorded as one of the manager's actions, at the
 * time of the look that made it.
 */
public interface MigrationControl {
  /** {@code query-migrate}'s {@code ram.remaining} now (libvirt's {@code DataRemaining}, Nova's {@code memory_remaining}). */
  long remainingBytes();

  /** {@code migrate-set-parameters downtime-limit} ({@code virDomainMigrateSetMaxDowntime}). */
  void setDowntimeLimit(long ms, String why);

  /** {@code migrate-start-postcopy} ({@code virDomainMigrateStartPostCopy}): QEMU switches at its next iteration. */
  void startPostcopy(String why);

  /** {@code stop} ({@code virDomainSuspend}): the guest stops running on the source; the migration goes on. */
  void pauseGuest(String why);

  /** {@code migrate_cancel} ({@code virDomainAbortJob}): the migration ends not converged; the guest stays. */
  void cancel(String why);
}
