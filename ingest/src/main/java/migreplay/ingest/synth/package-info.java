/**
 * Synthetic traces for tests, benchmarks and {@code migreplay synth}: writers of named shapes (hot set, cold
 * stream, Zipf, sweep; {@link migreplay.ingest.synth.WriterSpec}) mixed into one seeded, deterministic trace
 * ({@link migreplay.ingest.synth.SyntheticTrace}).
 *
 * <p>May use {@code migreplay.trace} and {@code migreplay.io}.
 */
package migreplay.ingest.synth;
