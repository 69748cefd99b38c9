package migreplay.replay.qemu;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import migreplay.replay.manage.ManagerSettings;
import migreplay.replay.manage.Managers;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.params.ParamType;
import migreplay.replay.engine.Migration;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.params.Units;
import migreplay.trace.RamRanges;

/**
 * {@code qemu-precopy}: QEMU's legacy (non-multifd) pre-copy, 7.2 or 9.2, as {@link MigrationThread} runs
 * it. Every parameter, with its default, unit, one line of help and where the default comes from, is
 * declared in {@link #PARAMS} (the one place to read them).
 *
 * <p>The clock ticks in nanoseconds. The link bandwidth ({@code -b}) is the wire; {@code max_bandwidth} is
 * QEMU's own cap on it; the final pass runs uncapped, at the wire's speed.
 */
public final class QemuPrecopy implements MigrationAlgorithm {
  public static final String NAME = "qemu-precopy";
  static final String MAX_BANDWIDTH_ACCEPTED = "a rate like 32MiB/s, 125MB/s or 1Gbit (with its unit: QEMU's QMP reads "
      + "a bare number as bytes/s, its monitor as MiB/s), or 0 for none";
  static final long NS = 1_000_000_000L;

  /**
   * The parameters, in the order {@code migreplay algorithms} lists them: each with what it accepts, its
   * default, unit, one line of help and where the default comes from. Values are checked and normalized
   * (the form the {@code params} column shows) before any run starts.
   */
  private static final List<ParamSpec> PRECOPY_PARAMS = List.of(
      new ParamSpec("qemu_version", ParamType.choice("7.2", "9.2"), "7.2", "",
          "QEMU release whose loop runs (7.2: Debian 12's; 9.2: flush-based rate accounting, 5 s sync timer)"),
      new ParamSpec("max_bandwidth", ParamType.of(MAX_BANDWIDTH_ACCEPTED,
          t -> formatBytesPerSecond(bytesPerSecond(t))), "128MiB/s", "bytes/s",
          "QEMU's max-bandwidth cap on the stream, e.g. 32MiB/s; 0 = none (QEMU's MAX_THROTTLE default)"),
      new ParamSpec("downtime_limit", time("a time in whole milliseconds like 300ms", 1_000_000), "300ms", "time",
          "QEMU's downtime-limit: threshold = bandwidth estimate × this (DEFAULT_MIGRATE_SET_DOWNTIME)"),
      new ParamSpec("auto_converge", ParamType.of("on or off", QemuPrecopy::onOff), "off", "",
          "throttle the vCPUs when the dirty rate outruns the transfer (QEMU's auto-converge capability)"),
      new ParamSpec("cpu_throttle_initial", ParamType.integer(1, 99), "20", "%",
          "first throttle (DEFAULT_MIGRATE_CPU_THROTTLE_INITIAL)"),
      new ParamSpec("cpu_throttle_increment", ParamType.integer(1, 99), "10", "%",
          "added at each further trigger (DEFAULT_MIGRATE_CPU_THROTTLE_INCREMENT)"),
      new ParamSpec("max_cpu_throttle", ParamType.integer(1, 99), "99", "%",
          "throttle at most (DEFAULT_MIGRATE_MAX_CPU_THROTTLE)"),
      new ParamSpec("throttle_trigger_threshold", ParamType.integer(1, 100), "50", "%",
          "throttle when dirtied bytes exceed this % of bytes sent, twice (DEFAULT_MIGRATE_THROTTLE_TRIGGER_THRESHOLD)"),
      new ParamSpec("timeout", time("a positive time like 600s", 1), "600s", "time",
          "when a management layer cancels a migration still iterating: not-converged (QEMU itself never "
              + "gives up; 600 s is this model's choice, set your management layer's; with manager=nova|kubevirt "
              + "set it above the manager's own timeout, e.g. Nova's 1600 s for a guest up to 2 GiB)"),
      new ParamSpec("device_pages", ParamType.integer(0, RamRanges.MAX_PFN_SPACE), "4242", "pages",
          "RAMBlocks after guest RAM: pc machine, default VGA: vga.vram 4096 + ROMs 146 (qemu-validation.md §1)"),
      new ParamSpec("device_nonzero_pages", ParamType.integer(0, RamRanges.MAX_PFN_SPACE), "146", "pages",
          "of those, non-zero (the ROMs; video memory of a headless guest is assumed zero)"),
      new ParamSpec("guest_speed", ParamType.of("a positive number from 0.001 to 1000, like 0.62 (rounded to 9 decimals)",
          t -> decimal(t).toPlainString()), "1", "ratio",
          "guest seconds per host second, to 9 decimals (TCG: 0.42-0.82 measured, qemu-validation.md §2; KVM: 1)"),
      new ParamSpec("zero_page_rate", ParamType.integer(0, Long.MAX_VALUE), "2000000", "pages/s",
          "zero pages scanned per second (buffer_is_zero); 'millions per second on real hardware', 36k-124k "
              + "on a 2-core host without KVM (qemu-validation.md §2); 0 = free"),
      new ParamSpec("normal_page_rate", ParamType.integer(0, Long.MAX_VALUE), "1000000", "pages/s",
          "normal pages checked and queued per second (assumed ~4 KiB/us; calibrate with validate); 0 = free"),
      new ParamSpec("connect_time", time("a time like 7ms", 0), "7ms", "time",
          "migrate command to the migration thread's start: opening the channel (exec: spawns a shell from QEMU), "
              + "in total-time but not in setup-time (the 25 stock shipped records' median, from their traced "
              + "setup sync less setup-time)"),
      new ParamSpec("setup_time", time("a time like 10ms", 0), "10ms", "time",
          "migrate command to the first sync: bitmaps, dirty log start (assumed; query-migrate setup-time)"),
      new ParamSpec("sync_time", time("a time like 1ms", 0), "1ms", "time",
          "one bitmap sync while the guest runs (assumed; calibrate with validate)"),
      new ParamSpec("stop_time", time("a time like 1ms", 0), "1ms", "time",
          "the downtime but the final pass: stopping the guest, the final sync, device state, completion (the "
              + "shipped records with under 0.5 MB left to send: 1-2 ms, median 1 ms; validate measures it per QEMU "
              + "build and host from records with a small final pass: 0.83 and 2.84 ms on the shipped stock and patched "
              + "records, made a week apart)"),
      new ParamSpec("initial_nonzero", ParamType.choice("auto", "trace", "all", "written"), "auto", "",
          "non-zero pages at the start: the trace's set (auto: if it has one, else all RAM) plus pages written "
              + "before the start"),
      new ParamSpec("dirty_log", ParamType.choice("exact", "tcg-7.2"), "exact", "",
          "which stores reach the dirty log: exact (KVM; TCG from QEMU 9.0) or tcg-7.2 (QEMU 7.2-8.2 under TCG "
              + "loses rewrites through cached TLB entries, upstream fix 03bfc2188f; needs qemu_version=7.2)"),
      new ParamSpec("tcg_log_share", ParamType.of("a number from 0 to 1 with at most 6 decimals, like 0.17",
          t -> share(t).toPlainString()), "0.5", "ratio",
          "with dirty_log=tcg-7.2: share of the pages written since a sync that the next sync finds; the "
              + "workload's TLB use sets it: 0.16 (kvstore) to 1 (memwriter, idle) on the shipped records, median "
              + "of the 5 workloads 0.5; validate measures it from real migrations, as recorder/gap.py does"),
      new ParamSpec("hot_policy", ParamType.of(HoldBack.ACCEPTED, HoldBack::normalize), "none", "",
          "pages held back until the completion pass (Ma, Liu, Liu 2010 read on QEMU, DESIGN.md): none (QEMU's "
              + "loop); paper: still dirty in the bitmap and found dirty again by a sync; consecutive:K: in the "
              + "dirty log at K syncs in a row (recorder/qemu's patch: x-hot-policy)"),
      new ParamSpec("hot_from_sync", ParamType.integer(2, Integer.MAX_VALUE), "2", "sync",
          "first sync (dirty-sync-count; the setup sync is 1) that may judge a page hot (x-hot-from-sync)"),
      new ParamSpec("hot_pending", ParamType.choice("excluded", "counted"), "excluded", "",
          "whether held pages count in the pending estimate that decides a sync and the switchover "
              + "(x-hot-pending; excluded: as the Xen reading's stop test, they join the downtime)"));

  private final AlgorithmParams params;
  private final QemuSettings settings;
  private final MeasuredGuestSpeed measured;
  private final PostcopySettings postcopy;
  private final ManagerSettings manager;
  private List<Sample> series = List.of();

  public QemuPrecopy(AlgorithmParams p) {
    this(p, MeasuredGuestSpeed.NONE);
  }

  /** With the guest's speed as measured in a real migration instead of {@code guest_speed} × (1 − throttle). */
  public QemuPrecopy(AlgorithmParams p, MeasuredGuestSpeed measured) {
    this.params = p;
    this.manager = Managers.parse(p);
    this.postcopy = PostcopySettings.parse(p);
    if (manager != null && postcopy.trigger() != PostcopySettings.Trigger.OFF) {
      throw new IllegalArgumentException(NAME + ": postcopy_start=" + p.get("postcopy_start") + " with manager="
          + manager.name() + ": the manager decides when to switch to post-copy; use postcopy_start=off");
    }
    this.settings = parse(p);
    this.measured = measured;
  }

  /**
   * Every parameter: QEMU's pre-copy settings, post-copy ({@link PostcopySettings#PARAMS}) and the management
   * layers ({@link Managers#PARAMS}), in the order {@code migreplay algorithms} lists them.
   */
  public static final List<ParamSpec> PARAMS = java.util.stream.Stream.of(PRECOPY_PARAMS, PostcopySettings.PARAMS,
      Managers.PARAMS).flatMap(List::stream).toList();

  /** The settings this instance runs with. */
  public QemuSettings settings() {
    return settings;
  }

  /** The time series of the last {@link #migrate} (see {@link Sample}). */
  public List<Sample> series() {
    return series;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String params() {
    return params.canonical();
  }

  @Override
  public long ticksPerSecond(RunOptions options) {
    return NS;
  }

  @Override
  public boolean hasHotPages() {
    return settings.holdBack().active();
  }

  @Override
  public void migrate(Migration migration) {
    MigrationThread thread = new MigrationThread(migration, settings, measured, postcopy, manager);
    List<Sample> samples = new ArrayList<>();
    QemuSettings.InitialNonzero used = thread.run(samples);
    params.record("initial_nonzero", used.label());
    series = Collections.unmodifiableList(samples);
  }

  private static QemuSettings parse(AlgorithmParams p) {
    QemuVersion version = QemuVersion.parse(p.get("qemu_version"));
    ManagerSettings manager = Managers.parse(p);
    long maxBandwidth = bytesPerSecond(p.get("max_bandwidth"));
    if (manager != null) { // libvirt sets max-bandwidth and the capabilities from the manager's settings
      maxBandwidth = manager.maxBandwidth();
      p.record("max_bandwidth", formatBytesPerSecond(maxBandwidth));
      p.record("auto_converge", manager.autoConverge() ? "on" : "off");
    }
    long downtimeNs = nanos(p.get("downtime_limit"));
    boolean auto = manager != null ? manager.autoConverge() : p.get("auto_converge").equals("on");
    BigDecimal speed = decimal(p.get("guest_speed"));
    BigInteger num = speed.scale() <= 0 ? speed.toBigIntegerExact() : speed.unscaledValue();
    BigInteger den = speed.scale() <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(speed.scale());
    BigInteger g = num.gcd(den);
    QemuSettings.InitialNonzero initialNonzero =
        QemuSettings.InitialNonzero.valueOf(p.get("initial_nonzero").toUpperCase(Locale.ROOT));
    return new QemuSettings(version, maxBandwidth, downtimeNs / 1_000_000, auto, p.getInt("cpu_throttle_initial"),
        p.getInt("cpu_throttle_increment"), p.getInt("max_cpu_throttle"), p.getInt("throttle_trigger_threshold"),
        nanos(p.get("timeout")), p.getLong("device_pages"), p.getLong("device_nonzero_pages"),
        num.divide(g).longValueExact(), den.divide(g).longValueExact(), p.getLong("zero_page_rate"),
        p.getLong("normal_page_rate"), nanos(p.get("connect_time")), nanos(p.get("setup_time")),
        nanos(p.get("sync_time")),
        nanos(p.get("stop_time")), initialNonzero, DirtyLog.parse(p.get("dirty_log")),
        share(p.get("tcg_log_share")).movePointRight(6).longValueExact(),
        HoldBack.parse(p.get("hot_policy"), p.getLong("hot_from_sync"), p.get("hot_pending").equals("counted")));
  }

  /** A time parameter: normal form like 300ms, at least {@code minNs}, a whole multiple of {@code minNs} if > 1. */
  private static ParamType time(String accepted, long minNs) {
    return ParamType.of(accepted, t -> {
      long ns;
      try {
        ns = Math.multiplyExact(Units.micros(t), 1000L);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("expected " + accepted);
      } catch (IllegalArgumentException e) {
        // Units says what was wrong (a missing unit, minutes or milliseconds?) and how to write it.
        throw new IllegalArgumentException(e.getMessage().startsWith("expected ") ? "expected " + accepted
            : e.getMessage());
      }
      if (ns < minNs || (minNs > 1 && ns % minNs != 0)) {
        throw new IllegalArgumentException("expected " + accepted);
      }
      return formatNanos(ns);
    });
  }

  private static long nanos(String normal) {
    return Math.multiplyExact(Units.micros(normal), 1000L);
  }

  private static String onOff(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> "on";
      case "off", "false", "no", "0" -> "off";
      default -> throw new IllegalArgumentException("expected on or off");
    };
  }

  /**
   * A positive decimal rounded to 9 decimals (measured speeds come with many digits: nine decimals are far
   * below what a prediction can resolve), trailing zeros stripped.
   */
  private static BigDecimal decimal(String text) {
    String accepted = "expected a positive number from 0.001 to 1000 guest seconds per host second, like 0.62 "
        + "(rounded to 9 decimals)";
    BigDecimal raw;
    try {
      raw = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(accepted);
    }
    // Compare before rounding: setScale on 1e999999999 or 1e-999999999 would build a billion digits.
    // A guest 1000 times slower or faster than its host is no measurement, and would replay for hours.
    if (raw.compareTo(new BigDecimal("0.001")) < 0 || raw.compareTo(new BigDecimal("1000")) > 0) {
      throw new IllegalArgumentException(accepted);
    }
    return raw.round(new java.math.MathContext(40)).setScale(9, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
  }

  /** A share in 0..1 with at most 6 decimals, trailing zeros stripped. */
  private static BigDecimal share(String text) {
    String accepted = "expected a number from 0 to 1 with at most 6 decimals, like 0.17";
    BigDecimal v;
    try {
      v = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(accepted);
    }
    if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0 || v.stripTrailingZeros().scale() > 6) {
      throw new IllegalArgumentException(accepted);
    }
    v = v.stripTrailingZeros();
    return v.scale() < 0 ? v.setScale(0) : v;
  }

  /** Bytes per second from {@code 128MiB/s}, {@code 125MB/s}, {@code 1Gbit} ({@link Units#bytesPerSecond}); 0 = no cap. */
  static long bytesPerSecond(String text) {
    try {
      return Units.bytesPerSecond(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("expected ") ? "expected " + MAX_BANDWIDTH_ACCEPTED
          : e.getMessage());
    }
  }

  static String formatBytesPerSecond(long b) {
    return Units.formatBytesPerSecond(b);
  }

  static String formatNanos(long ns) {
    if (ns % NS == 0) {
      return ns / NS + "s";
    }
    if (ns % 1_000_000 == 0) {
      return ns / 1_000_000 + "ms";
    }
    return ns / 1000 + "us";
  }
}
