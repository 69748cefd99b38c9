/**
 * Validation: real QEMU migration records ({@link migreplay.validate.RecordReader}, {@link
 * migreplay.validate.MigrationRecord}) and their traces become predictions by {@code qemu-precopy} ({@link
 * migreplay.validate.QemuPredictor}), compared with what the real migrations did ({@link
 * migreplay.validate.Validation}, {@link migreplay.validate.Summary}), with host costs fitted leave-one-out
 * ({@link migreplay.validate.Calibration} holds the folds; the grid, the search and the loss are {@code
 * CostGrid}, {@code CostSearch}, {@code LevenbergMarquardt}, {@code Objective} and {@code FitLoss}) and TCG
 * 7.2's dirty-log share measured ({@link migreplay.validate.LogGap}, {@code LogShares}); written as tables and
 * a page ({@link migreplay.validate.ValidationOutput}).
 *
 * <p>May use {@code migreplay.replay} (its engine, params, qemu family and sweep helpers), {@code
 * migreplay.report}, {@code migreplay.results}, {@code migreplay.trace} and {@code migreplay.io}.
 */
package migreplay.validate;
