/**
 * Algorithm parameters: each algorithm declares its own ({@link migreplay.replay.params.ParamSpec}: name,
 * type, default, unit, help) in one list; {@link migreplay.replay.params.ParamType} parses and normalises a value
 * as typed; {@link migreplay.replay.params.AlgorithmParams} is one run's values checked against the
 * declarations; {@link migreplay.replay.params.Units} reads and writes bandwidths, sizes and times.
 *
 * <p>May use {@code migreplay.io} only.
 */
package migreplay.replay.params;
