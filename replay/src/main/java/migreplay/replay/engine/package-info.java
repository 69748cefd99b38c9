/**
 * The replay engine (DESIGN.md, "Replay semantics"): one {@link migreplay.replay.engine.Migration} owns the
 * exact integer clock ({@link migreplay.replay.engine.Link}, {@link migreplay.replay.engine.ConstantLink},
 * {@link migreplay.replay.engine.GuestClock}, {@link migreplay.replay.engine.Exact}), the dirty log and page
 * bitmaps ({@link migreplay.replay.engine.Bitmap}), the trace's writes as they become visible
 * ({@link migreplay.replay.engine.WriteStream}, {@link migreplay.replay.engine.WithinEpoch},
 * {@link migreplay.replay.engine.TraceEnd}), all accounting, and the invariant checker. An algorithm
 * ({@link migreplay.replay.engine.MigrationAlgorithm}) drives it; {@link migreplay.replay.engine.Replayer} runs
 * one algorithm instance over one trace and returns its {@code RunResult}.
 *
 * <p>May use {@code migreplay.trace}, {@code migreplay.results} and {@code migreplay.io}; never an algorithm
 * family, the registry or sweeps.
 */
package migreplay.replay.engine;
