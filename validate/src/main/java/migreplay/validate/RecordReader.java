package migreplay.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import migreplay.io.BadInputException;

/**
 * Reads migration records (JSON, qemu-validation.md §4): what was asked of QEMU, the guest, and what QEMU
 * reported (its end state, its polls, its syncs). Keys are read through {@link RecordKeys}: a record that lacks a
 * key validation needs, or holds the wrong type there, fails with one line naming the file and the key.
 */
public final class RecordReader {
  static final String COMPLETED = "completed";
  static final String NOT_CONVERGED = "not-converged-cancelled-at-timeout";
  private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.(\\d+)");

  private final ObjectMapper json = new ObjectMapper();

  /** Record files: files as given, directories expanded to their {@code *.json} files sorted by name. */
  public static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).sorted()
              .forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "expected a migration record or a directory of them");
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(paths.toString(), "no migration records (*.json) found");
    }
    return out;
  }

  /** Reads one record. */
  public MigrationRecord read(Path file) throws IOException {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new BadInputException(file + (line > 0 ? ":" + line : ""), "not valid JSON (" + e.getOriginalMessage() + ")");
    }
    RecordKeys k = new RecordKeys(file, root);
    if (root == null || !root.isObject()) {
      throw new BadInputException(file.toString(), "expected a JSON object (a migration record)");
    }
    String outcome = k.text("outcome");
    if (!outcome.equals(COMPLETED) && !outcome.equals(NOT_CONVERGED)) {
      throw k.bad("outcome", "'" + COMPLETED + "' or '" + NOT_CONVERGED + "'", root.get("outcome"));
    }
    boolean converged = outcome.equals(COMPLETED);
    List<Sample> series = series(k);
    Totals real = real(k, converged, series);
    ThrottledSpeed speed = ThrottledSpeed.of(k, k.positive("guest_time_per_host_second_during_migration"));
    String trace = k.text("trace"); // keys are checked in a fixed order: of several bad keys, the first is named
    double start = k.nonNegative("start_in_trace_s");
    MigrationRecord.Request request = new MigrationRecord.Request(qemuVersion(root.path("qemu")),
        accelerator(root.path("qemu_cmdline")), k.positiveLong("params.max_bandwidth_bytes_per_s"),
        k.positiveLong("params.downtime_limit_ms"), k.positive("params.timeout_s"), k.flag("params.auto_converge"),
        holdBack(k), k.present("postcopy.start_after_s") ? k.nonNegative("postcopy.start_after_s") : Double.NaN);
    MigrationRecord.Guest guest = new MigrationRecord.Guest(trace, start, speed.unthrottled(), speed.measured(),
        k.positiveLong("final_query_migrate.ram.total"), k.optionalLong("final_query_migrate.ram.page-size", 4096, 1));
    return new MigrationRecord(file, root.path("workload").asText(""), request, guest, real, series,
        syncEvidence(k));
  }

  private static final Pattern HOT_POLICY =
      Pattern.compile("none|paper|consecutive:([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])");

  /**
   * What the record asked of the recorder's patched QEMU: {@code params.hot_policy}, {@code hot_from_sync},
   * {@code hot_pending} and {@code tcg_dirty_sync_fix}, each optional (stock QEMU's values when absent).
   */
  private static HoldBackRequest holdBack(RecordKeys k) {
    String policy = HoldBackRequest.NONE.hotPolicy();
    if (k.present("params.hot_policy")) {
      JsonNode v = k.node("params.hot_policy");
      if (!v.isTextual() || !HOT_POLICY.matcher(v.asText()).matches()) {
        throw k.bad("params.hot_policy", "none, paper or consecutive:K with K from 1 to 255", v);
      }
      policy = v.asText();
    }
    long from = HoldBackRequest.NONE.hotFromSync();
    if (k.present("params.hot_from_sync")) {
      JsonNode v = k.node("params.hot_from_sync");
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 2 || v.asLong() > Integer.MAX_VALUE) {
        throw k.bad("params.hot_from_sync", "a sync count from 2 to 2147483647 (1 is the setup sync)", v);
      }
      from = v.asLong();
    }
    String pending = HoldBackRequest.NONE.hotPending();
    if (k.present("params.hot_pending")) {
      JsonNode v = k.node("params.hot_pending");
      if (!v.isTextual() || !(v.asText().equals("excluded") || v.asText().equals("counted"))) {
        throw k.bad("params.hot_pending", "excluded or counted", v);
      }
      pending = v.asText();
    }
    boolean fix = k.present("params.tcg_dirty_sync_fix") && k.flag("params.tcg_dirty_sync_fix");
    return new HoldBackRequest(policy, from, pending, fix);
  }

  /**
   * What the record says about QEMU's syncs ({@link SyncEvidence}), or null without {@code bitmap_sync_pages}.
   * With it, the drift samples and at least one poll with page counts are required.
   */
  private static SyncEvidence syncEvidence(RecordKeys k) {
    JsonNode syncs = k.root().path("bitmap_sync_pages");
    if (syncs.isMissingNode() || syncs.isNull()) {
      return null;
    }
    if (!syncs.isArray() || syncs.isEmpty()) {
      throw k.bad("bitmap_sync_pages", "a non-empty list of syncs", syncs);
    }
    double[] syncT = new double[syncs.size()];
    long[] pages = new long[syncs.size()];
    for (int i = 0; i < syncs.size(); i++) {
      syncT[i] = k.nonNegative("bitmap_sync_pages[" + i + "].t_in_trace_s");
      pages[i] = k.nonNegativeLong("bitmap_sync_pages[" + i + "].pages");
      if (i > 0 && syncT[i] < syncT[i - 1]) {
        throw k.bad("bitmap_sync_pages[" + i + "].t_in_trace_s", "times in order", syncs.get(i).get("t_in_trace_s"));
      }
    }
    JsonNode polls = k.root().path("series");
    List<double[]> sent = new ArrayList<>();
    for (int i = 0; i < polls.size(); i++) {
      JsonNode normal = polls.get(i).path("normal");
      if (!normal.isMissingNode() && !normal.isNull()) {
        String p = "series[" + i + "].";
        sent.add(new double[] {k.nonNegative(p + "t_host_s"),
            k.nonNegativeLong(p + "normal") + k.nonNegativeLong(p + "duplicate")});
      }
    }
    if (sent.isEmpty()) {
      throw k.bad("series", "polls with normal and duplicate page counts (bitmap_sync_pages needs them)", polls);
    }
    JsonNode drift = k.root().path("icount_drift_samples");
    if (!drift.isArray() || drift.isEmpty()) {
      throw k.bad("icount_drift_samples", "a non-empty list of [t_host_s, drift_ms] (bitmap_sync_pages needs it)",
          drift.isMissingNode() ? null : drift);
    }
    double[] h = new double[drift.size()];
    double[] d = new double[drift.size()];
    String increasing = "a pair [t_host_s, drift_ms], host times increasing";
    for (int i = 0; i < drift.size(); i++) {
      double[] pair = k.pair("icount_drift_samples[" + i + "]", increasing);
      if (i > 0 && pair[0] <= h[i - 1]) {
        throw k.bad("icount_drift_samples[" + i + "]", increasing, drift.get(i));
      }
      h[i] = pair[0];
      d[i] = pair[1];
    }
    return new SyncEvidence(syncT, pages, sent.stream().mapToDouble(x -> x[0]).toArray(),
        sent.stream().mapToLong(x -> (long) x[1]).toArray(), h, d,
        k.positive("guest_time_per_host_second_during_migration"));
  }

  /** {@code major.minor} from a {@code qemu} line ({@code QEMU emulator version 7.2.22 (...)}), or empty. */
  private static String qemuVersion(JsonNode qemu) {
    Matcher m = VERSION.matcher(qemu.asText(""));
    return m.find() ? m.group(1) + "." + m.group(2) : "";
  }

  /** What a command line ({@code qemu_cmdline}, a list of arguments) says: {@link Accelerator#of}. */
  private static Accelerator accelerator(JsonNode cmdline) {
    List<String> args = new ArrayList<>();
    if (cmdline.isArray()) {
      cmdline.forEach(a -> args.add(a.asText("")));
    }
    return Accelerator.of(args);
  }

  /** The end state: final_query_migrate, or for a cancelled run whose last reply has no ram, the last poll. */
  private static Totals real(RecordKeys k, boolean converged, List<Sample> series) {
    String ram = "final_query_migrate.ram.";
    if (converged || k.present(ram + "transferred")) {
      boolean postcopy = k.present("postcopy.start_after_s");
      String blocktime = "postcopy.destination_final_query_migrate.postcopy-blocktime";
      return new Totals(k.nonNegative("final_query_migrate.total-time") / 1000.0, k.nonNegativeLong(ram + "transferred"),
          k.nonNegativeLong(ram + "normal"), k.nonNegativeLong(ram + "duplicate"),
          k.nonNegativeLong(ram + "dirty-sync-count"),
          converged ? k.nonNegativeLong(ram + "downtime-bytes") : k.optionalLong(ram + "downtime-bytes", 0, 0),
          k.nonNegativeLong(ram + "remaining"),
          !converged ? 0 : k.present("final_query_migrate.downtime") ? k.nonNegative("final_query_migrate.downtime") / 1000
              : Double.NaN, converged, setupTime(k), connectTime(k),
          k.optionalLong(ram + "postcopy-bytes", 0, 0), k.optionalLong(ram + "postcopy-requests", 0, 0),
          !postcopy ? 0 : k.present(blocktime) ? k.nonNegative(blocktime) / 1000 : Double.NaN);
    }
    JsonNode polls = k.root().path("series");
    for (int i = polls.size() - 1; i >= 0; i--) {
      if (hasCounters(polls.get(i))) {
        String p = "series[" + i + "].";
        return new Totals(k.nonNegative(p + "t_host_s"), k.nonNegativeLong(p + "transferred"),
            k.nonNegativeLong(p + "normal"), k.nonNegativeLong(p + "duplicate"),
            k.nonNegativeLong(p + "dirty_sync_count"), 0, k.nonNegativeLong(p + "remaining"), 0, false, setupTime(k),
            connectTime(k), 0, 0, 0); // cancelled: never switched to post-copy
      }
    }
    throw k.bad(ram + "transferred", "a number (or a series poll with transferred)", null);
  }

  /** {@code final_query_migrate.setup-time} in seconds, or NaN without it. */
  private static double setupTime(RecordKeys k) {
    String key = "final_query_migrate.setup-time";
    return k.present(key) ? k.nonNegative(key) / 1000 : Double.NaN;
  }

  /**
   * From the {@code migrate} command to the migration thread's start, in seconds: the traced time of the setup
   * sync ({@code bitmap_sync_pages[0].t_host_s}, which ends setup but for microseconds) less {@code setup-time}, at
   * least 0; NaN without both.
   */
  private static double connectTime(RecordKeys k) {
    String sync = "bitmap_sync_pages[0].t_host_s";
    double setup = setupTime(k);
    return k.present(sync) && !Double.isNaN(setup) ? Math.max(0, k.nonNegative(sync) - setup) : Double.NaN;
  }

  /**
   * Whether a poll carries RAM counters. QEMU's {@code query-migrate} has no {@code ram} object while the migration
   * is in {@code setup} (and in some other states), so a harness writes such a poll without them, or with nulls.
   */
  static boolean hasCounters(JsonNode poll) {
    JsonNode t = poll.path("transferred");
    return !t.isMissingNode() && !t.isNull();
  }

  /**
   * The polls that carry RAM counters, in time order. A poll without them ({@link #hasCounters}) is normal QEMU
   * output: its counters are skipped, its time is kept in the timeline (it must be in order with the others).
   */
  private static List<Sample> series(RecordKeys k) {
    JsonNode polls = k.root().path("series");
    if (polls.isMissingNode()) {
      return List.of();
    }
    if (!polls.isArray()) {
      throw k.bad("series", "a list of query-migrate polls", polls);
    }
    List<Sample> out = new ArrayList<>();
    double last = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < polls.size(); i++) {
      String p = "series[" + i + "].";
      double t = k.nonNegative(p + "t_host_s");
      if (t < last) {
        throw k.bad(p + "t_host_s", "times in increasing order (previous " + last + ")", polls.get(i).get("t_host_s"));
      }
      last = t;
      if (!hasCounters(polls.get(i))) {
        continue;
      }
      out.add(new Sample(t, k.nonNegativeLong(p + "transferred"), k.nonNegativeLong(p + "remaining")));
    }
    return out;
  }
}
