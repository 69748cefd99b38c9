/**
 * The canonical trace ({@code *.trace.arrow}, DESIGN.md "The canonical trace"): its schema and metadata
 * ({@link migreplay.trace.TraceSchema}, {@link migreplay.trace.TraceMetadata}, {@link migreplay.trace.RamRanges},
 * {@link migreplay.trace.PageSet}), the streaming reader that checks every row
 * ({@link migreplay.trace.TraceReader}), the writer ({@link migreplay.trace.TraceWriter}), traces decoded once
 * into memory for a sweep ({@link migreplay.trace.DecodedTrace} within a {@link migreplay.trace.DecodeBudget}),
 * and a trace's dirty-rate profile for reports ({@link migreplay.trace.TraceProfile}).
 *
 * <p>May use {@code migreplay.io} only. Every stage reads traces through this package.
 */
package migreplay.trace;
