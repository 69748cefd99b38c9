/**
 * Sweeps: one run to do ({@link migreplay.replay.sweep.RunSpec}: a trace, an algorithm from the registry with
 * its parameters, the run options), the cross product the command line asks for ({@link
 * migreplay.replay.sweep.SweepPlan}), the in-process engine ({@link migreplay.replay.sweep.Sweep}: a thread
 * pool, results in plan order), one decode of a trace shared by its runs ({@link
 * migreplay.replay.sweep.SharedTrace}), and the hook for engines elsewhere ({@link
 * migreplay.replay.sweep.DistributedEngine}, found by {@code ServiceLoader}: the {@code spark} module's).
 *
 * <p>May use the registry ({@code migreplay.replay}), {@code migreplay.replay.engine}, {@code
 * migreplay.results}, {@code migreplay.trace} and {@code migreplay.io}.
 */
package migreplay.replay.sweep;
