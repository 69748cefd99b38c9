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
import migreplay.replay.qemu.MeasuredGuestSpeed;
import migreplay.io.BadInputException;

/**
 * Reads migration records (JSON, qemu-validation.md §4). A record that lacks a key validation needs, or
 * holds the wrong type there, fails with one line naming the file and the key.
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
    Keys k = new Keys(file, root);
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
    String qemu = root.path("qemu").asText("");
    Matcher m = VERSION.matcher(qemu);
    ThrottledSpeed speed = ThrottledSpeed.of(k, k.positive("guest_time_per_host_second_during_migration"));
    String version = m.find() ? m.group(1) + "." + m.group(2) : "";
    boolean lossyLog = !version.isEmpty() && Integer.parseInt(m.group(1)) < 9 && tcg(root.path("qemu_cmdline"));
    return new MigrationRecord(file, root.path("workload").asText(""), k.text("trace"),
        version, k.nonNegative("start_in_trace_s"), speed.unthrottled(),
        k.positiveLong("params.max_bandwidth_bytes_per_s"), k.positiveLong("params.downtime_limit_ms"),
        k.positive("params.timeout_s"), k.flag("params.auto_converge"),
        k.positiveLong("final_query_migrate.ram.total"), k.optionalLong("final_query_migrate.ram.page-size", 4096, 1),
        real, series, speed.measured(), lossyLog, syncEvidence(k), holdBack(k));
  }

  private static final Pattern HOT_POLICY =
      Pattern.compile("none|paper|consecutive:([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])");

  /**
   * What the record asked of the recorder's patched QEMU: {@code params.hot_policy}, {@code hot_from_sync},
   * {@code hot_pending} and {@code tcg_dirty_sync_fix}, each optional (stock QEMU's values when absent).
   */
  private static HoldBackRequest holdBack(Keys k) {
    JsonNode p = k.root.path("params");
    String policy = HoldBackRequest.NONE.hotPolicy();
    if (p.has("hot_policy")) {
      JsonNode v = p.get("hot_policy");
      if (!v.isTextual() || !HOT_POLICY.matcher(v.asText()).matches()) {
        throw k.bad("params.hot_policy", "none, paper or consecutive:K with K from 1 to 255", v);
      }
      policy = v.asText();
    }
    long from = HoldBackRequest.NONE.hotFromSync();
    if (p.has("hot_from_sync")) {
      JsonNode v = p.get("hot_from_sync");
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 2 || v.asLong() > Integer.MAX_VALUE) {
        throw k.bad("params.hot_from_sync", "a sync count from 2 to 2147483647 (1 is the setup sync)", v);
      }
      from = v.asLong();
    }
    String pending = HoldBackRequest.NONE.hotPending();
    if (p.has("hot_pending")) {
      JsonNode v = p.get("hot_pending");
      if (!v.isTextual() || !(v.asText().equals("excluded") || v.asText().equals("counted"))) {
        throw k.bad("params.hot_pending", "excluded or counted", v);
      }
      pending = v.asText();
    }
    boolean fix = false;
    if (p.has("tcg_dirty_sync_fix")) {
      JsonNode v = p.get("tcg_dirty_sync_fix");
      if (!v.isBoolean()) {
        throw k.bad("params.tcg_dirty_sync_fix", "true or false", v);
      }
      fix = v.asBoolean();
    }
    return new HoldBackRequest(policy, from, pending, fix);
  }

  /**
   * What the record says about QEMU's syncs ({@link SyncEvidence}), or null without {@code bitmap_sync_pages}.
   * With it, the drift samples and at least one poll with page counts are required.
   */
  private static SyncEvidence syncEvidence(Keys k) {
    JsonNode syncs = k.root.path("bitmap_sync_pages");
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
    JsonNode polls = k.root.path("series");
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
    JsonNode drift = k.root.path("icount_drift_samples");
    if (!drift.isArray() || drift.isEmpty()) {
      throw k.bad("icount_drift_samples", "a non-empty list of [t_host_s, drift_ms] (bitmap_sync_pages needs it)",
          drift.isMissingNode() ? null : drift);
    }
    double[] h = new double[drift.size()];
    double[] d = new double[drift.size()];
    String increasing = "a pair [t_host_s, drift_ms], host times increasing";
    for (int i = 0; i < drift.size(); i++) {
      double[] pair = driftSample(k, drift, i, increasing);
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

  /** {@code icount_drift_samples[i]} as {t_host_s, drift_ms}, or a one-line error saying {@code expected}. */
  private static double[] driftSample(Keys k, JsonNode drift, int i, String expected) {
    JsonNode pair = drift.get(i);
    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
      throw k.bad("icount_drift_samples[" + i + "]", expected, pair);
    }
    return new double[] {pair.get(0).asDouble(), pair.get(1).asDouble()};
  }

  /**
   * Whether a QEMU command line ({@code qemu_cmdline}, a list of arguments) runs the guest under TCG: it
   * names no KVM accelerator ({@code -enable-kvm}, {@code -accel kvm}, {@code accel=kvm} in {@code -machine})
   * and its program name does not end in {@code kvm} (QEMU's default accelerator is then TCG). A record
   * without the key says nothing: not TCG.
   */
  static boolean tcg(JsonNode cmdline) {
    if (!cmdline.isArray() || cmdline.isEmpty()) {
      return false;
    }
    boolean kvm = false;
    boolean sawProgram = false;
    for (int i = 0; i < cmdline.size(); i++) {
      String a = cmdline.get(i).asText("");
      String next = i + 1 < cmdline.size() ? cmdline.get(i + 1).asText("") : "";
      if (!sawProgram && a.contains("qemu")) {
        sawProgram = true;
        kvm |= a.endsWith("kvm");
      }
      kvm |= a.equals("-enable-kvm") || a.equals("--enable-kvm");
      if (a.equals("-accel") || a.equals("--accel")) {
        kvm |= next.startsWith("kvm");
      }
      if (a.equals("-machine") || a.equals("-M") || a.equals("--machine")) {
        kvm |= next.matches("(.*,)?accel=kvm.*");
      }
    }
    return !kvm;
  }

  /** The end state: final_query_migrate, or for a cancelled run whose last reply has no ram, the last poll. */
  private static Totals real(Keys k, boolean converged, List<Sample> series) {
    String ram = "final_query_migrate.ram.";
    if (converged || k.present(ram + "transferred")) {
      return new Totals(k.nonNegative("final_query_migrate.total-time") / 1000.0, k.nonNegativeLong(ram + "transferred"),
          k.nonNegativeLong(ram + "normal"), k.nonNegativeLong(ram + "duplicate"),
          k.nonNegativeLong(ram + "dirty-sync-count"),
          converged ? k.nonNegativeLong(ram + "downtime-bytes") : k.optionalLong(ram + "downtime-bytes", 0, 0),
          k.nonNegativeLong(ram + "remaining"),
          !converged ? 0 : k.present("final_query_migrate.downtime") ? k.nonNegative("final_query_migrate.downtime") / 1000
              : Double.NaN, converged);
    }
    JsonNode polls = k.root.path("series");
    for (int i = polls.size() - 1; i >= 0; i--) {
      if (polls.get(i).has("transferred")) {
        String p = "series[" + i + "].";
        return new Totals(k.nonNegative(p + "t_host_s"), k.nonNegativeLong(p + "transferred"),
            k.nonNegativeLong(p + "normal"), k.nonNegativeLong(p + "duplicate"),
            k.nonNegativeLong(p + "dirty_sync_count"), 0, k.nonNegativeLong(p + "remaining"), 0, false);
      }
    }
    throw k.bad(ram + "transferred", "a number (or a series poll with transferred)", null);
  }

  /**
   * The guest's speed over a migration that auto-converge throttled. The record's
   * {@code guest_time_per_host_second_during_migration} is measured from the first to the last icount drift
   * sample of the whole migration, so once a poll of {@code series} shows {@code cpu_throttle_percentage} above 0
   * it includes the throttle (and the host's load, which on a shared host can hide a throttle's sleeps or add
   * to them), and a model slowing the guest by 1 − p on top would throttle twice. For such a record the
   * migration's drift samples ({@code t_host_s >= 0}) give the speed between each two of them, guest seconds =
   * host seconds − drift change (ms / 1000), as the harness computes it; {@code guestSpeed} becomes the speed
   * before the first throttled poll. Without a throttled poll, or with fewer than two samples in the span
   * needed, the record's speed is used as it is.
   */
  private record ThrottledSpeed(double unthrottled, MeasuredGuestSpeed measured) {
    static ThrottledSpeed of(Keys k, double recorded) {
      JsonNode polls = k.root.path("series");
      double throttledAt = Double.POSITIVE_INFINITY;
      for (int i = 0; i < polls.size(); i++) {
        JsonNode poll = polls.get(i);
        if (poll.path("cpu_throttle_percentage").asDouble(0) > 0 && poll.path("t_host_s").isNumber()) {
          throttledAt = poll.get("t_host_s").asDouble();
          break;
        }
      }
      JsonNode drift = k.root.path("icount_drift_samples");
      if (throttledAt == Double.POSITIVE_INFINITY || !drift.isArray()) {
        return new ThrottledSpeed(recorded, MeasuredGuestSpeed.NONE);
      }
      List<double[]> samples = new ArrayList<>();
      for (int i = 0; i < drift.size(); i++) {
        double[] pair = driftSample(k, drift, i, "a pair [t_host_s, drift_ms]");
        if (pair[0] >= 0 && (samples.isEmpty() || pair[0] > samples.get(samples.size() - 1)[0])) {
          samples.add(pair);
        }
      }
      List<MeasuredGuestSpeed.Segment> segments = new ArrayList<>();
      double host = 0;
      double guest = 0;
      for (int i = 1; i < samples.size(); i++) {
        double dt = samples.get(i)[0] - samples.get(i - 1)[0];
        double dg = dt - (samples.get(i)[1] - samples.get(i - 1)[1]) / 1000.0;
        if (!(dg > 0)) {
          return new ThrottledSpeed(recorded, MeasuredGuestSpeed.NONE); // a clock that stood still: not usable
        }
        segments.add(new MeasuredGuestSpeed.Segment(segments.isEmpty() ? 0 : samples.get(i - 1)[0], dg / dt));
        if (samples.get(i)[0] <= throttledAt) {
          host += dt;
          guest += dg;
        }
      }
      return host > 0 ? new ThrottledSpeed(guest / host, new MeasuredGuestSpeed(segments))
          : new ThrottledSpeed(recorded, MeasuredGuestSpeed.NONE);
    }
  }

  /** The polls that carry RAM counters (those in setup do not), in time order. */
  private static List<Sample> series(Keys k) {
    JsonNode polls = k.root.path("series");
    if (polls.isMissingNode()) {
      return List.of();
    }
    if (!polls.isArray()) {
      throw k.bad("series", "a list of query-migrate polls", polls);
    }
    List<Sample> out = new ArrayList<>();
    double last = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < polls.size(); i++) {
      if (!polls.get(i).has("transferred")) {
        continue;
      }
      String p = "series[" + i + "].";
      double t = k.nonNegative(p + "t_host_s");
      if (t < last) {
        throw k.bad(p + "t_host_s", "times in increasing order (previous " + last + ")", polls.get(i).get("t_host_s"));
      }
      last = t;
      out.add(new Sample(t, k.nonNegativeLong(p + "transferred"), k.nonNegativeLong(p + "remaining")));
    }
    return out;
  }

  /** Typed access to dotted keys ({@code a.b[2].c}) of one record, failing with the file and the key. */
  private record Keys(Path file, JsonNode root) {
    JsonNode node(String key) {
      JsonNode n = root;
      for (String part : key.split("\\.")) {
        int bracket = part.indexOf('[');
        n = n.path(bracket < 0 ? part : part.substring(0, bracket));
        if (bracket >= 0) {
          n = n.path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
      }
      return n;
    }

    boolean present(String key) {
      JsonNode n = node(key);
      return !n.isMissingNode() && !n.isNull();
    }

    BadInputException bad(String key, String expected, JsonNode found) {
      String f = found == null || found.isMissingNode() ? "nothing" : abbreviate(found.toString());
      return new BadInputException(file.toString(), "key '" + key + "': expected " + expected + ", found " + f);
    }

    String text(String key) {
      JsonNode n = node(key);
      if (!n.isTextual() || n.asText().isBlank()) {
        throw bad(key, "a string", n);
      }
      return n.asText();
    }

    double number(String key, String expected, double min, boolean strict) {
      JsonNode n = node(key);
      if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < min || (strict && n.asDouble() == min)) {
        throw bad(key, expected, n);
      }
      return n.asDouble();
    }

    double positive(String key) {
      return number(key, "a positive number", 0, true);
    }

    double nonNegative(String key) {
      return number(key, "a number >= 0", 0, false);
    }

    long integer(String key, String expected, long min) {
      JsonNode n = node(key);
      if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min) {
        throw bad(key, expected, n);
      }
      return n.asLong();
    }

    long positiveLong(String key) {
      return integer(key, "a positive integer", 1);
    }

    long nonNegativeLong(String key) {
      return integer(key, "an integer >= 0", 0);
    }

    long optionalLong(String key, long absent, long min) {
      return present(key) ? integer(key, "an integer >= " + min, min) : absent;
    }

    boolean flag(String key) {
      JsonNode n = node(key);
      if (n.isMissingNode() || n.isNull()) {
        return false;
      }
      if (!n.isBoolean()) {
        throw bad(key, "true or false", n);
      }
      return n.asBoolean();
    }

    private static String abbreviate(String s) {
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
  }
}
