/**
 * Reports over results files: Tablesaw tables of runs ({@link migreplay.report.Results}), comparisons against
 * a baseline algorithm ({@link migreplay.report.Comparison}, {@link migreplay.report.Verdicts}), the
 * self-contained HTML page with its charts ({@link migreplay.report.Report}, {@link migreplay.report.HtmlPage},
 * {@link migreplay.report.ReportCharts}), the Markdown summary and CSV tables ({@link
 * migreplay.report.TableFiles}), the terminal table of runs ({@link migreplay.report.RunTable}) and the
 * regression check ({@link migreplay.report.RegressionCheck}).
 *
 * <p>Reads results files; never re-runs replay. May use {@code migreplay.results}, {@code
 * migreplay.replay.params} (units), {@code migreplay.trace} and {@code migreplay.io}.
 */
package migreplay.report;
