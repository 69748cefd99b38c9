package migreplay.spark;

import java.io.Serializable;

/**
 * One Spark task: one trace and, by the plan, all of its runs.
 *
 * @param index the trace's position in the plan (its runs come after those of every earlier trace)
 * @param label the trace as the user gave it: the {@code trace} column of its runs
 * @param uri where executors read it: {@code file:} for local paths, else the URI as given
 */
record TraceTask(int index, String label, String uri) implements Serializable {}
