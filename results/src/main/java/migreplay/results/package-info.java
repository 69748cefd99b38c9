/**
 * The results of replay (DESIGN.md, "Results"): one {@link migreplay.results.RunResult} per run and one
 * {@link migreplay.results.RoundResult} per round, and {@link migreplay.results.ResultsWriter}, which writes the
 * runs and rounds tables as Arrow IPC, CSV and Parquet, each column defined once, each file atomically.
 *
 * <p>May use {@code migreplay.io} and {@code migreplay.trace}. Knows nothing of how a run is replayed: the
 * engine ({@code migreplay.replay.engine}) fills the records; report, validate and the command line read and
 * write them.
 */
package migreplay.results;
