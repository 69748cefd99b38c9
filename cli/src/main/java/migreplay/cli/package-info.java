/**
 * The {@code migreplay} command (picocli): one class per subcommand, option parsing and wiring only
 * ({@link migreplay.cli.Migreplay} is the root; converters and the usage-error rules in {@link
 * migreplay.cli.Converters}). No logic of its own: every computation lives in the modules below.
 *
 * <p>May use every other package; nothing uses it (the {@code spark-app} module packages it).
 */
package migreplay.cli;
