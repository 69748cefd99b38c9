package migreplay.replay.qemu;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import migreplay.replay.AlgorithmParams;
import migreplay.replay.Migration;
import migreplay.replay.MigrationAlgorithm;
import migreplay.replay.RunOptions;
import migreplay.replay.Units;

/**
 * {@code qemu-precopy}: QEMU's legacy (non-multifd) pre-copy, 7.2 or 9.2, as {@link MigrationThread} runs
 * it. Every parameter, with its default, unit, one line of help and where the default comes from, is
 * declared in {@link #PARAMETERS} (the one place to read or port them).
 *
 * <p>The clock ticks in nanoseconds. The link bandwidth ({@code -b}) is the wire; {@code max_bandwidth} is
 * QEMU's own cap on it; the final pass runs uncapped, at the wire's speed.
 */
public final class QemuPrecopy implements MigrationAlgorithm {
  public static final String NAME = "qemu-precopy";
  static final long NS = 1_000_000_000L;

  /**
   * One declared parameter.
   *
   * @param name the key
   * @param defaultValue its default, as typed
   * @param unit what the value is in
   * @param help one line: what it is and where the default comes from
   */
  public record Parameter(String name, String defaultValue, String unit, String help) {}

  /** The parameters, in the order {@code migreplay algorithms} would list them. */
  public static final List<Parameter> PARAMETERS = List.of(
      new Parameter("qemu_version", "7.2", "7.2|9.2",
          "QEMU release whose loop runs (7.2: Debian 12's; 9.2: flush-based rate accounting, 5 s sync timer)"),
      new Parameter("max_bandwidth", "128MiB/s", "bytes/s",
          "QEMU's max-bandwidth cap on the stream, e.g. 32MiB/s; 0 = none (QEMU's MAX_THROTTLE default)"),
      new Parameter("downtime_limit", "300ms", "time",
          "QEMU's downtime-limit: threshold = bandwidth estimate × this (DEFAULT_MIGRATE_SET_DOWNTIME)"),
      new Parameter("auto_converge", "off", "on|off",
          "throttle the vCPUs when the dirty rate outruns the transfer (QEMU's auto-converge capability)"),
      new Parameter("cpu_throttle_initial", "20", "%", "first throttle (DEFAULT_MIGRATE_CPU_THROTTLE_INITIAL)"),
      new Parameter("cpu_throttle_increment", "10", "%",
          "added at each further trigger (DEFAULT_MIGRATE_CPU_THROTTLE_INCREMENT)"),
      new Parameter("max_cpu_throttle", "99", "%", "throttle at most (DEFAULT_MIGRATE_MAX_CPU_THROTTLE)"),
      new Parameter("throttle_trigger_threshold", "50", "%",
          "throttle when dirtied bytes exceed this % of bytes sent, twice (DEFAULT_MIGRATE_THROTTLE_TRIGGER_THRESHOLD)"),
      new Parameter("timeout", "600s", "time",
          "when a management layer cancels a migration still iterating: not-converged (QEMU itself never "
              + "gives up; 600 s is this model's choice, set your management layer's)"),
      new Parameter("device_pages", "4242", "pages",
          "RAMBlocks after guest RAM: pc machine, default VGA: vga.vram 4096 + ROMs 146 (qemu-validation.md §1)"),
      new Parameter("device_nonzero_pages", "146", "pages",
          "of those, non-zero (the ROMs; video memory of a headless guest is assumed zero)"),
      new Parameter("guest_speed", "1", "ratio",
          "guest seconds per host second, to 9 decimals (TCG: 0.42-0.82 measured, qemu-validation.md §2; KVM: 1)"),
      new Parameter("zero_page_rate", "2000000", "pages/s",
          "zero pages scanned per second (buffer_is_zero); 'millions per second on real hardware', 36k-124k "
              + "on a 2-core host without KVM (qemu-validation.md §2); 0 = free"),
      new Parameter("normal_page_rate", "1000000", "pages/s",
          "normal pages checked and queued per second (assumed ~4 KiB/us; calibrate with validate); 0 = free"),
      new Parameter("setup_time", "10ms", "time",
          "migrate command to the first sync: bitmaps, dirty log start (assumed; query-migrate setup-time)"),
      new Parameter("sync_time", "1ms", "time", "one bitmap sync (assumed; calibrate with validate)"),
      new Parameter("stop_time", "10ms", "time",
          "stopping the guest and saving device state, part of the downtime (assumed; calibrate)"),
      new Parameter("initial_nonzero", "auto", "auto|trace|all|written",
          "non-zero pages at the start: the trace's set (auto: if it has one, else all RAM) plus pages written "
              + "before the start"));

  private final AlgorithmParams params;
  private final QemuSettings settings;
  private List<Sample> series = List.of();

  public QemuPrecopy(AlgorithmParams p) {
    this.params = p;
    this.settings = parse(p);
  }

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
    return false;
  }

  @Override
  public void migrate(Migration migration) {
    MigrationThread thread = new MigrationThread(migration, settings);
    List<Sample> samples = new ArrayList<>();
    QemuSettings.InitialNonzero used = thread.run(samples);
    params.record("initial_nonzero", used.label());
    series = Collections.unmodifiableList(samples);
  }

  private static String value(AlgorithmParams p, String name) {
    for (Parameter d : PARAMETERS) {
      if (d.name().equals(name)) {
        return p.getString(name, d.defaultValue()).trim();
      }
    }
    throw new IllegalStateException("undeclared parameter " + name);
  }

  private static QemuSettings parse(AlgorithmParams p) {
    QemuVersion version = QemuVersion.parse(value(p, "qemu_version"));
    p.record("qemu_version", version.label());
    long maxBandwidth = bytesPerSecond(value(p, "max_bandwidth"));
    p.record("max_bandwidth", formatBytesPerSecond(maxBandwidth));
    long downtimeNs = nanos(p, "downtime_limit");
    boolean auto = onOff(p, "auto_converge");
    int initial = integer(p, "cpu_throttle_initial");
    int increment = integer(p, "cpu_throttle_increment");
    int max = integer(p, "max_cpu_throttle");
    int trigger = integer(p, "throttle_trigger_threshold");
    long timeoutNs = nanos(p, "timeout");
    long devicePages = longValue(p, "device_pages");
    long deviceNonzero = longValue(p, "device_nonzero_pages");
    BigInteger[] speed = ratio(p, "guest_speed");
    long zeroRate = longValue(p, "zero_page_rate");
    long normalRate = longValue(p, "normal_page_rate");
    long setup = nanos(p, "setup_time");
    long sync = nanos(p, "sync_time");
    long stop = nanos(p, "stop_time");
    String init = value(p, "initial_nonzero").toLowerCase(Locale.ROOT);
    QemuSettings.InitialNonzero initialNonzero;
    try {
      initialNonzero = QemuSettings.InitialNonzero.valueOf(init.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NAME + ": initial_nonzero must be auto, trace, all or written, found '"
          + init + "'");
    }
    p.record("initial_nonzero", init);
    if (downtimeNs % 1_000_000 != 0) {
      throw new IllegalArgumentException(NAME + ": downtime_limit is whole milliseconds in QEMU");
    }
    return new QemuSettings(version, maxBandwidth, downtimeNs / 1_000_000, auto, initial, increment, max, trigger,
        timeoutNs, devicePages, deviceNonzero, speed[0].longValueExact(), speed[1].longValueExact(), zeroRate,
        normalRate, setup, sync, stop, initialNonzero);
  }

  /** Bytes per second from {@code 128MiB/s}, {@code 32MiB}, {@code 134217728}, {@code 1Gbit}; 0 = no cap. */
  static long bytesPerSecond(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return 0;
    }
    try {
      if (t.contains("bit") || t.endsWith("bps")) {
        long bps = Units.bandwidthBps(t);
        return bps / 8;
      }
      return Units.bytes(t.endsWith("/s") ? t.substring(0, t.length() - 2) : t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NAME + ": max_bandwidth expects bytes per second like 32MiB/s or "
          + "134217728, found '" + text + "'");
    }
  }

  static String formatBytesPerSecond(long b) {
    if (b == 0) {
      return "0";
    }
    if (b % (1L << 20) == 0) {
      return b / (1L << 20) + "MiB/s";
    }
    if (b % 1024 == 0) {
      return b / 1024 + "KiB/s";
    }
    return b + "B/s";
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

  private static long nanos(AlgorithmParams p, String name) {
    String v = value(p, name);
    long us;
    try {
      us = Units.micros(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NAME + ": parameter " + name + " expects a time like 300ms, found '" + v
          + "'");
    }
    long ns = Math.multiplyExact(us, 1000L);
    p.record(name, formatNanos(ns));
    return ns;
  }

  private static boolean onOff(AlgorithmParams p, String name) {
    String v = value(p, name).toLowerCase(Locale.ROOT);
    boolean on = switch (v) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(NAME + ": parameter " + name + " expects on or off, found '"
          + v + "'");
    };
    p.record(name, on ? "on" : "off");
    return on;
  }

  private static int integer(AlgorithmParams p, String name) {
    return Math.toIntExact(longValue(p, name));
  }

  private static long longValue(AlgorithmParams p, String name) {
    String v = value(p, name);
    try {
      long x = Long.parseLong(v);
      p.record(name, Long.toString(x));
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NAME + ": parameter " + name + " expects an integer, found '" + v + "'");
    }
  }

  /** A positive decimal, rounded to 9 decimals, as an exact fraction {numerator, denominator}. */
  private static BigInteger[] ratio(AlgorithmParams p, String name) {
    String v = value(p, name);
    BigDecimal d;
    try {
      // Measured speeds come with many digits: nine decimals are far below what a prediction can resolve.
      d = new BigDecimal(v).setScale(9, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NAME + ": parameter " + name + " expects a number like 0.62, found '" + v
          + "'");
    }
    if (d.signum() <= 0) {
      throw new IllegalArgumentException(NAME + ": parameter " + name + " must be positive, found '" + v + "'");
    }
    p.record(name, d.toPlainString());
    BigInteger num = d.scale() <= 0 ? d.toBigIntegerExact() : d.unscaledValue();
    BigInteger den = d.scale() <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(d.scale());
    BigInteger g = num.gcd(den);
    return new BigInteger[] {num.divide(g), den.divide(g)};
  }
}
