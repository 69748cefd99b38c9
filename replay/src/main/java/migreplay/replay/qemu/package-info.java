/**
 * The QEMU family: {@code qemu-precopy} ({@link migreplay.replay.qemu.QemuPrecopy}), QEMU 7.2's and 9.2's
 * legacy pre-copy ({@link migreplay.replay.qemu.MigrationThread}: the bitmap syncs, the 100 ms rate window
 * ({@link migreplay.replay.qemu.RateWindow}), switchover, auto-converge, zero pages, host costs), the TCG 7.2
 * dirty log ({@link migreplay.replay.qemu.DirtyLog}), and {@link migreplay.replay.qemu.QemuPrediction}, the Java
 * API that {@code validate} calls, with the {@code query-migrate} time series ({@link
 * migreplay.replay.qemu.Sample}); post-copy ({@link migreplay.replay.qemu.PostcopySettings}, {@link
 * migreplay.replay.qemu.PostcopyPhase}), driven by {@code postcopy_start} or a management layer.
 *
 * <p>May use {@code migreplay.replay.manage} (the management layers), {@code migreplay.replay.engine}, {@code migreplay.replay.params}, {@code migreplay.results},
 * {@code migreplay.trace} and {@code migreplay.io}; never another family, the registry or sweeps.
 */
package migreplay.replay.qemu;
