/**
 * Benchmarks (README, "Benchmarks"): JMH benchmarks ({@code *Jmh}) and end-to-end throughput and memory
 * benchmarks ({@code *Bench}) with their input generators. Never run by {@code mvn test}.
 *
 * <p>May use every module but the command line.
 */
package migreplay.bench;
