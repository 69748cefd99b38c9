package migreplay.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import migreplay.io.BadInputException;
import migreplay.io.Quote;

/**
 * Reads migration records (JSON, qemu-validation.md §4): what was asked of QEMU, the guest, and what QEMU
 * reported (its end state, its polls, its syncs). Keys are read through {@link RecordKeys}: a record that lacks a
 * key validation needs, or holds the wrong type there, fails with one line naming the file and the key.
 */
public final class RecordReader {
  static final String COMPLETED = "completed";
  static final String NOT_CONVERGED = "not-converged-cancelled-at-timeout";
  private static final Pattern VERSION = Pattern.compile("version (\\d{1,3})\\.(\\d{1,3})(?!\\d)");

  /** Strict JSON: one object per file (nothing after it), no key twice in an object. */
  private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * Record files: files as given, directories expanded to their {@code *.json} files sorted by name. A file named
   * twice (itself and through its directory, or by two paths) is refused with an {@link IllegalArgumentException}
   * (a usage error): each migration counts once.
   */
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
    Map<Path, Path> seen = new HashMap<>();
    for (Path f : out) {
      Path before = seen.putIfAbsent(f.toRealPath(), f);
      if (before != null) {
        throw new IllegalArgumentException("the record " + f + " is named twice (also as " + before + "): each migration counts once; name a file or its directory, not both");
      }
    }
    return out;
  }

  /** Reads records, refusing two files that hold the same record (the same JSON): each migration counts once. */
  public List<MigrationRecord> readAll(List<Path> files) throws IOException {
    List<MigrationRecord> out = new ArrayList<>();
    Map<JsonNode, Path> seen = new HashMap<>();
    for (Path f : files) {
      out.add(read(f));
      Path before = seen.putIfAbsent(json.readTree(f.toFile()), f);
      if (before != null) {
        throw new BadInputException(f.toString(), "the same record as " + before + " (identical content): each "
            + "migration counts once; remove one of them");
      }
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
      String why = e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")
          ? "more after the record's object: a record file holds one JSON object" : e.getOriginalMessage();
      throw new BadInputException(file + (line > 0 ? ":" + line : ""), "not valid JSON (" + Quote.escape(why, 160) + ")");
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
    ThrottledSpeed speed = ThrottledSpeed.of(k, k.within("guest_time_per_host_second_during_migration",
        MIN_SPEED, MAX_SPEED, SPEEDS));
    String trace = traceName(k); // keys are checked in a fixed order: of several bad keys, the first is named
    double start = k.within("start_in_trace_s", 0, MAX_SECONDS, "a guest time in seconds from 0 to 1e6");
    MigrationRecord.Request request = new MigrationRecord.Request(qemuVersion(k),
        accelerator(k), k.integer("params.max_bandwidth_bytes_per_s", MAX_BANDWIDTH_TEXT, 1, MAX_BANDWIDTH),
        k.integer("params.downtime_limit_ms", "a time in ms from 1 to 2000000 (QEMU's range)", 1, 2_000_000),
        k.within("params.timeout_s", 1e-3, MAX_SECONDS, "a time in seconds from 0.001 to 1e6"),
        k.flag("params.auto_converge"), holdBack(k), k.present("postcopy.start_after_s")
            ? k.within("postcopy.start_after_s", 0, MAX_SECONDS, "a host time in seconds from 0 to 1e6") : Double.NaN,
        build(k));
    long pageSize = k.optionalLong("final_query_migrate.ram.page-size", 4096, 1);
    if (Long.bitCount(pageSize) != 1 || pageSize < 512 || pageSize > (1L << 30)) {
      throw k.bad("final_query_migrate.ram.page-size", "a power of two from 512 to 1073741824 (bytes)",
          k.node("final_query_migrate.ram.page-size"));
    }
    MigrationRecord.Guest guest = new MigrationRecord.Guest(trace, start, speed.unthrottled(), speed.measured(),
        k.integer("final_query_migrate.ram.total", "a size in bytes from 1 to 2^44 (16 TiB)", 1, MAX_RAM),
        pageSize);
    JsonNode workload = root.path("workload");
    if (!workload.isMissingNode() && !workload.isNull() && !workload.isTextual()) {
      throw k.bad("workload", "a string", workload);
    }
    return new MigrationRecord(file, workload.asText(""), request, guest, real, series, syncEvidence(k));
  }

  /** Guest seconds per host second: a guest 1000 times slower or faster than its host is no measurement. */
  static final double MIN_SPEED = 1e-3;
  static final double MAX_SPEED = 1e3;
  private static final String SPEEDS = "guest seconds per host second from 0.001 to 1000";
  /** The longest time a record may state (guest or host seconds): 11.6 days. */
  static final double MAX_SECONDS = 1e6;
  /** QEMU's max-bandwidth beyond 1 TB/s is no cap a link could reach (and would overflow the model's clock). */
  static final long MAX_BANDWIDTH = 1_000_000_000_000L;
  private static final String MAX_BANDWIDTH_TEXT = "a byte rate from 1 to 1e12 B/s (1 TB/s)";
  static final long MAX_RAM = 1L << 44;
  /** QEMU's counters (pages and bytes) and sync counts: at most 2^53, where a JSON number is still exact. */
  static final long MAX_COUNT = 1L << 53;

  /** The {@code trace} key: a path or name, without control characters (a NUL is no file name). */
  private static String traceName(RecordKeys k) {
    String t = k.text("trace");
    if (t.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw k.bad("trace", "a path or name without control characters", k.node("trace"));
    }
    return t;
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

  /**
   * {@code major.minor} from the {@code qemu} line ({@code QEMU emulator version 7.2.22 (...)}), which every
   * record must have: the version decides the model (7.2 or 9.2) and the dirty log.
   */
  private static String qemuVersion(RecordKeys k) {
    String expected = "the line of qemu-system-x86_64 --version ('QEMU emulator version 7.2.22 ...')";
    JsonNode qemu = k.node("qemu");
    if (!qemu.isTextual()) {
      throw k.bad("qemu", expected, qemu);
    }
    Matcher m = VERSION.matcher(qemu.asText());
    if (!m.find()) {
      throw k.bad("qemu", expected, qemu);
    }
    return Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2));
  }

  /**
   * The {@code qemu} line (checked by {@link #qemuVersion}) without its leading "QEMU emulator version ", and
   * {@code on NAME} when the record names its host ({@code host.name}, optional: a string of printable
   * characters).
   */
  private static String build(RecordKeys k) {
    String line = k.node("qemu").asText().strip();
    String prefix = "QEMU emulator version ";
    String build = line.startsWith(prefix) ? line.substring(prefix.length()) : line;
    if (!k.present("host.name")) {
      return build;
    }
    String host = k.text("host.name").strip();
    if (host.chars().anyMatch(Character::isISOControl) || host.length() > 255) {
      throw k.bad("host.name", "the host's name (printable, at most 255 characters)", k.node("host.name"));
    }
    return build + " on " + host;
  }

  /**
   * What the command line ({@code qemu_cmdline}, a list of strings; optional) says: {@link Accelerator#of}, and
   * {@link Accelerator#UNKNOWN} without it.
   */
  private static Accelerator accelerator(RecordKeys k) {
    JsonNode cmdline = k.node("qemu_cmdline");
    if (cmdline.isMissingNode() || cmdline.isNull()) {
      return Accelerator.UNKNOWN;
    }
    String expected = "the QEMU command line as a list of strings ([\"qemu-system-x86_64\", \"-m\", \"512\", ...])";
    if (!cmdline.isArray()) {
      throw k.bad("qemu_cmdline", expected, cmdline);
    }
    List<String> args = new ArrayList<>();
    for (int i = 0; i < cmdline.size(); i++) {
      if (!cmdline.get(i).isTextual()) {
        throw k.bad("qemu_cmdline[" + i + "]", "a string (" + expected + ")", cmdline.get(i));
      }
      args.add(cmdline.get(i).asText());
    }
    return Accelerator.of(args);
  }

  /** The end state: final_query_migrate, or for a cancelled run whose last reply has no ram, the last poll. */
  private static Totals real(RecordKeys k, boolean converged, List<Sample> series) {
    String ram = "final_query_migrate.ram.";
    if (converged || k.present(ram + "transferred")) {
      boolean postcopy = k.present("postcopy.start_after_s");
      String blocktime = "postcopy.destination_final_query_migrate.postcopy-blocktime";
      return new Totals(k.millis("final_query_migrate.total-time") / 1000.0, k.nonNegativeLong(ram + "transferred"),
          k.nonNegativeLong(ram + "normal"), k.nonNegativeLong(ram + "duplicate"),
          k.nonNegativeLong(ram + "dirty-sync-count"),
          converged ? k.nonNegativeLong(ram + "downtime-bytes") : k.optionalLong(ram + "downtime-bytes", 0, 0),
          k.nonNegativeLong(ram + "remaining"),
          !converged ? 0 : k.present("final_query_migrate.downtime") ? k.millis("final_query_migrate.downtime") / 1000
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
    return k.present(key) ? k.millis(key) / 1000 : Double.NaN;
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
      if (!polls.get(i).isObject()) {
        throw k.bad("series[" + i + "]", "a query-migrate poll (an object)", polls.get(i));
      }
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
