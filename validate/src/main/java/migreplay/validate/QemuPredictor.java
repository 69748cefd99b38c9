package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.engine.TraceEnd;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.params.Units;
import migreplay.replay.qemu.QemuPrecopy;
import migreplay.replay.qemu.QemuPrediction;
import migreplay.io.BadInputException;
import migreplay.trace.TraceReader;

/**
 * The {@code qemu-precopy} model as a {@link Predictor}: a record's parameters become the algorithm's, and its
 * host costs are the model's own parameters, with the model's defaults. A record with a lossy dirty log (QEMU
 * 7.2 under TCG) given a {@link #LOG_SHARE} runs with {@code dirty_log=tcg-7.2} and that share. The setup time
 * is the record's own ({@code final_query_migrate.setup-time}, which QEMU measured, less the setup sync that the
 * model times apart) when it has one, the model's {@code setup_time} otherwise; so is the connect time before it
 * ({@link Totals#connectTimeS()}, else {@code connect_time}'s default). Neither is a cost calibration fits. Calibration searches each cost within the physical range declared in {@link #COSTS}.
 */
public final class QemuPredictor implements Predictor {
  /**
   * The wire under QEMU's cap: a local pipe ({@code exec:cat > /dev/null}), far faster than any cap. The shipped
   * records say at least 20 Gbit/s: memwriter-256MiBps's final pass sent 79 MB, normal pages, CPU copy and
   * stop included, in a 31 ms downtime; 40 Gbit/s leaves room for the copy (the calibrated copy rate is then
   * 1.2e6 pages/s, near its default).
   */
  public static final String DEFAULT_WIRE = "40Gbit";

  /** A host cost's declaration: the model's parameter, its unit, and the physical range a fit may search. */
  private record Declared(String name, String unit, double min, double max) {}

  /**
   * The host costs calibration fits, in search order, each with the range a real host can have; a fit never
   * leaves it. Rates are in pages per second, times in seconds.
   * <ul>
   *   <li>{@code zero_page_rate}, 1e4 to 2e7 pages/s: testing a 4 KiB page for zeros ({@code buffer_is_zero}) at
   *       memory bandwidth (about 80 GB/s) is 2e7 pages/s; a 2-core host without KVM scanned 36k-124k pages/s
   *       (qemu-validation.md §2).
   *   <li>{@code normal_page_rate}, 1e4 to 1e7 pages/s: a normal page is tested and queued (its 4 KiB copied or
   *       handed to the stream); 1e7 pages/s is 40 GB/s of copying, beyond one core's memory bandwidth.
   *   <li>{@code stop_time}, 100 µs to 1 s: stopping the vCPUs, the final sync, device state and completion; the
   *       shipped records say about 1 ms, devices with large state (VFIO, vhost) take hundreds of ms.
   * </ul>
   * Not fitted: {@code setup_time} (the record's own, above) and {@code sync_time} (a live sync: a handful per
   * migration, each well under the whole ms the records are timed in, so no record can tell it; the final sync
   * is in {@code stop_time}).
   */
  static final List<Declared> COSTS = List.of(
      new Declared("zero_page_rate", "pages/s", 1e4, 2e7),
      new Declared("normal_page_rate", "pages/s", 1e4, 1e7),
      new Declared("stop_time", "s", 100e-6, 1));

  private final long wireBps;
  private final List<HostCost> costs;

  public QemuPredictor(long wireBps) {
    this.wireBps = wireBps;
    List<HostCost> out = new ArrayList<>();
    for (Declared c : COSTS) {
      String d = param(c.name()).defaultValue();
      double value = c.unit().equals("s") ? seconds(c.name()) : Double.parseDouble(d);
      out.add(new HostCost(c.name(), c.unit(), value, c.min(), c.max()));
    }
    this.costs = List.copyOf(out);
  }

  @Override
  public List<HostCost> hostCosts() {
    return costs;
  }

  /**
   * The model's parameters for a record: its request, its guest's speed, its measured setup and connect times,
   * and the host costs ({@code fitted} where given, else the defaults), as {@link #predict} runs it.
   */
  public Map<String, String> params(MigrationRecord r, Path trace, Map<String, Double> fitted) throws IOException {
    long ramPages;
    try (TraceReader reader = TraceReader.open(trace)) {
      ramPages = reader.metadata().ramPages();
    }
    MigrationRecord.Request q = r.request();
    MigrationRecord.Guest g = r.guest();
    long devicePages = g.ramTotalBytes() / g.pageSize() - ramPages;
    if (devicePages < 0) {
      throw new BadInputException(r.file().toString(), "key 'final_query_migrate.ram.total': expected at least the "
          + "trace's RAM (" + ramPages + " pages of " + g.pageSize() + " B), found " + g.ramTotalBytes() + " B");
    }
    Map<String, String> params = new HashMap<>();
    params.put("qemu_version", q.qemuVersion().isEmpty() || q.qemuMajor() < 9 ? "7.2" : "9.2");
    params.put("max_bandwidth", q.maxBandwidthBytesPerS() + "B/s");
    params.put("downtime_limit", q.downtimeLimitMs() + "ms");
    params.put("auto_converge", q.autoConverge() ? "on" : "off");
    params.put("timeout", micros(r.modelTimeoutS()));
    params.put("device_pages", Long.toString(devicePages));
    params.put("device_nonzero_pages", Long.toString(Math.min(devicePages, deviceNonzeroDefault())));
    params.putAll(q.holdBack().modelParams());
    params.put("guest_speed", Double.toString(g.speed()));
    if (q.postcopy()) { // migrate-start-postcopy when the harness issued it
      params.put("postcopy_start", "time:" + micros(q.postcopyAfterS()));
    }
    Double share = fitted.get(LOG_SHARE);
    if (q.lossyDirtyLog() && share != null) {
      params.put("dirty_log", "tcg-7.2");
      params.put(LOG_SHARE, new java.math.BigDecimal(share).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString());
    }
    Map<String, Double> used = new HashMap<>();
    for (HostCost c : costs) {
      double v = fitted.getOrDefault(c.name(), c.defaultValue());
      used.put(c.name(), v);
      params.put(c.name(), c.unit().equals("s") ? micros(v) : Long.toString(Math.max(1, Math.round(v))));
    }
    // QEMU's setup-time includes the setup sync, which the model times with sync_time
    double sync = used.containsKey("sync_time") ? used.get("sync_time") : seconds("sync_time");
    double setup = Double.isNaN(r.real().setupTimeS()) ? seconds("setup_time")
        : Math.max(0, r.real().setupTimeS() - sync);
    params.put("setup_time", micros(setup));
    double connect = Double.isNaN(r.real().connectTimeS()) ? seconds("connect_time") : r.real().connectTimeS();
    params.put("connect_time", micros(connect));
    return params;
  }

  /** Where in its trace the record's migration started, in µs (the model's start). */
  public static long startUs(MigrationRecord r) {
    return Math.round(r.guest().startInTraceS() * 1e6);
  }

  @Override
  public Prediction predict(MigrationRecord r, Path trace, Map<String, Double> fitted) throws IOException {
    MigrationRecord.Guest g = r.guest();
    Map<String, String> params = params(r, trace, fitted);
    double sync = fitted.getOrDefault("sync_time", seconds("sync_time"));
    double setup = Units.micros(params.get("setup_time")) / 1e6;
    double connect = Units.micros(params.get("connect_time")) / 1e6;
    RunOptions o = RunOptions.defaults(wireBps).withStartUs(startUs(r)).withTraceEnd(TraceEnd.LOOP);
    QemuPrediction p = QemuPrediction.run(trace, o, params, g.measuredSpeed(), false);
    RunResult res = p.result();
    if (!res.ok() || res.counters() == null) {
      throw new BadInputException(r.file().toString(), "the model could not run on " + trace + ": " + res.reason());
    }
    RunResult.Counters c = res.counters();
    RunResult.Postcopy pc = res.postcopy();
    Totals totals = new Totals(res.totalTimeS(), c.transferredBytes(), c.normalPages(), c.zeroPages(),
        c.dirtySyncCount(), c.downtimeBytes(), c.remainingBytes(), res.downtimeS(),
        RunResult.COMPLETED.equals(res.migrationStatus()), setup + sync, connect, pc == null ? 0 : pc.postcopyBytes(),
        pc == null ? 0 : pc.requests(), pc == null ? 0 : pc.faultWaitS());
    List<Sample> series = new ArrayList<>();
    for (migreplay.replay.qemu.Sample s : p.series()) {
      series.add(new Sample(s.tS(), s.transferredBytes(), s.remainingBytes()));
    }
    return new Prediction(totals, series);
  }

  /**
   * The real downtime less the model's final pass at the default costs: {@code downtime-bytes} as normal pages
   * (each its header and page) checked at {@code normal_page_rate} and sent over the wire, one after the other.
   */
  @Override
  public double stopCostS(Totals real, long pageSize) {
    double pages = real.downtimeBytes() / (double) (pageSize + RunOptions.DEFAULT_PAGE_HEADER_BYTES);
    double rate = Double.parseDouble(param("normal_page_rate").defaultValue());
    double pass = (rate == 0 ? 0 : pages / rate) + real.downtimeBytes() * 8.0 / wireBps;
    return real.downtimeS() - pass;
  }

  /** {@code tcg_log_share}'s default: the median over the shipped records the gap touches. */
  @Override
  public double defaultLogShare() {
    return Double.parseDouble(param(LOG_SHARE).defaultValue());
  }

  private static long deviceNonzeroDefault() {
    return Long.parseLong(param("device_nonzero_pages").defaultValue());
  }

  /** A time parameter's default, in seconds. */
  private static double seconds(String name) {
    return Units.micros(param(name).defaultValue()) / 1e6;
  }

  private static ParamSpec param(String name) {
    return QemuPrecopy.PARAMS.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static String micros(double seconds) {
    return String.format(Locale.US, "%dus", Math.round(seconds * 1e6));
  }
}
