/**
 * The Apache Spark engine ({@code --engine spark}): {@link migreplay.spark.SparkEngine}, a {@code
 * DistributedEngine} found by {@code ServiceLoader}, runs one Spark task per trace ({@link
 * migreplay.spark.TraceTask}, {@link migreplay.spark.TraceRuns}) over local paths or Hadoop URIs ({@link
 * migreplay.spark.TraceUris}), with the same results as the local engine.
 *
 * <p>May use {@code migreplay.replay.sweep}, {@code migreplay.results}, {@code migreplay.trace} and {@code
 * migreplay.io}, and Spark; never the command line.
 */
package migreplay.spark;
