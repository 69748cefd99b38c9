/**
 * Small I/O helpers every stage uses: {@link migreplay.io.AtomicOutput} (write to a temporary file, then
 * rename; an output path in the way said in words), {@link migreplay.io.Quote} (input quoted safely in
 * messages), {@link migreplay.io.Utf8Reader} (text whose stray bytes a quote shows as {@code \xNN}) and {@link migreplay.io.BadInputException} (bad data: where, and what was expected; exit code 1).
 *
 * <p>Uses nothing of migreplay: it is the bottom of the dependency graph (DESIGN.md, "Modules and packages").
 */
package migreplay.io;
