/**
 * The registry of migration algorithms by name, {@link migreplay.replay.Algorithm}: the one place that knows
 * every algorithm. A new algorithm is one class in its family's package plus one constant there.
 *
 * <p>Subpackages, each with one role, dependencies pointing one way (DESIGN.md, "Modules and packages"):
 * <ul>
 *   <li>{@code engine}: the migration clock, links, dirty log, write stream, migration state and invariant
 *       checker, and the {@code MigrationAlgorithm} interface the families implement;</li>
 *   <li>{@code params}: parameter declarations, types and units;</li>
 *   <li>{@code xen}, {@code qemu}: the families of algorithms (they use the engine and params, never each other,
 *       the registry or sweeps);</li>
 *   <li>{@code sweep}: run specs, sweep plans, shared decodes and the engines that run a plan.</li>
 * </ul>
 *
 * <p>This package may use the families, {@code engine}, {@code params} and {@code migreplay.io}.
 */
package migreplay.replay;
