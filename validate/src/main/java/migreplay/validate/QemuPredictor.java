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
import migreplay.replay.params.Units;
import migreplay.replay.qemu.QemuPrecopy;
import migreplay.replay.qemu.QemuPrediction;
import migreplay.io.BadInputException;
import migreplay.trace.TraceReader;

/**
 * The {@code qemu-precopy} model as a {@link Predictor}: a record's parameters become the algorithm's, and its
 * host costs are the model's own parameters, with the model's defaults. A record with a lossy dirty log (QEMU
 * 7.2 under TCG) given a {@link #LOG_SHARE} runs with {@code dirty_log=tcg-7.2} and that share. Calibration
 * searches each cost from 1/1024 to 1024 times its default.
 */
public final class QemuPredictor implements Predictor {
  /**
   * The wire under QEMU's cap: a local pipe ({@code exec:cat > /dev/null}), far faster than any cap. The shipped
   * records say at least 20 Gbit/s: memwriter-256MiBps's final pass sent 79 MB, normal pages, CPU copy and
   * stop included, in a 31 ms downtime; 40 Gbit/s leaves room for the copy (the calibrated copy rate is then
   * 1.2e6 pages/s, near its default).
   */
  public static final String DEFAULT_WIRE = "40Gbit";
  /** The model's host-cost parameters: rates in pages per second, times. */
  static final List<String> RATES = List.of("zero_page_rate", "normal_page_rate");
  static final List<String> TIMES = List.of("setup_time", "sync_time", "stop_time");
  private static final double RANGE = 1024;

  private final long wireBps;
  private final List<HostCost> costs;

  public QemuPredictor(long wireBps) {
    this.wireBps = wireBps;
    List<HostCost> out = new ArrayList<>();
    for (migreplay.replay.params.ParamSpec p : QemuPrecopy.PARAMS) {
      double d;
      String unit;
      if (RATES.contains(p.name())) {
        d = Double.parseDouble(p.defaultValue());
        unit = "pages/s";
      } else if (TIMES.contains(p.name())) {
        d = Units.micros(p.defaultValue()) / 1e6;
        unit = "s";
      } else {
        continue;
      }
      out.add(new HostCost(p.name(), unit, d, d / RANGE, d * RANGE));
    }
    this.costs = List.copyOf(out);
  }

  @Override
  public List<HostCost> hostCosts() {
    return costs;
  }

  @Override
  public Prediction predict(MigrationRecord r, Path trace, Map<String, Double> fitted) throws IOException {
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
    for (HostCost c : costs) {
      double v = fitted.getOrDefault(c.name(), c.defaultValue());
      params.put(c.name(), RATES.contains(c.name()) ? Long.toString(Math.max(1, Math.round(v))) : micros(v));
    }
    RunOptions o = RunOptions.defaults(wireBps).withStartUs(Math.round(g.startInTraceS() * 1e6))
        .withTraceEnd(TraceEnd.LOOP);
    QemuPrediction p = QemuPrediction.run(trace, o, params, g.measuredSpeed(), false);
    RunResult res = p.result();
    if (!res.ok() || res.counters() == null) {
      throw new BadInputException(r.file().toString(), "the model could not run on " + trace + ": " + res.reason());
    }
    RunResult.Counters c = res.counters();
    RunResult.Postcopy pc = res.postcopy();
    Totals totals = new Totals(res.totalTimeS(), c.transferredBytes(), c.normalPages(), c.zeroPages(),
        c.dirtySyncCount(), c.downtimeBytes(), c.remainingBytes(), res.downtimeS(),
        RunResult.COMPLETED.equals(res.migrationStatus()), pc == null ? 0 : pc.postcopyBytes(),
        pc == null ? 0 : pc.requests(), pc == null ? 0 : pc.faultWaitS());
    List<Sample> series = new ArrayList<>();
    for (migreplay.replay.qemu.Sample s : p.series()) {
      series.add(new Sample(s.tS(), s.transferredBytes(), s.remainingBytes()));
    }
    return new Prediction(totals, series);
  }

  /** {@code tcg_log_share}'s default: the median over the shipped records the gap touches. */
  @Override
  public double defaultLogShare() {
    return Double.parseDouble(QemuPrecopy.PARAMS.stream().filter(p -> p.name().equals(LOG_SHARE)).findFirst()
        .orElseThrow().defaultValue());
  }

  private static long deviceNonzeroDefault() {
    return QemuPrecopy.PARAMS.stream().filter(p -> p.name().equals("device_nonzero_pages"))
        .mapToLong(p -> Long.parseLong(p.defaultValue())).findFirst().orElse(0);
  }

  private static String micros(double seconds) {
    return String.format(Locale.US, "%dus", Math.round(seconds * 1e6));
  }
}
