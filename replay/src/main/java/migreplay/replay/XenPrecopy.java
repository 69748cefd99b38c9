package migreplay.replay;

import java.util.Locale;

/**
 * {@code xen-precopy}: Xen 3.3.0's pre-copy, every constant a parameter with Xen's value as default:
 * {@code max_rounds} (29 live rounds), {@code max_factor} (3), {@code stop_pages} (50), {@code batch_pages}
 * (1024), {@code scan_order} ({@code linear}; {@code permute} is Xen 3.2's order).
 */
final class XenPrecopy implements MigrationAlgorithm {
  static final String NAME = "xen-precopy";

  private final PrecopyLoop loop;
  private final String params;

  XenPrecopy(AlgorithmParams p) {
    this(p, null);
  }

  /** For algorithms built on the same loop: reads the Xen parameters, then the caller's hot policy. */
  XenPrecopy(AlgorithmParams p, HotPolicy hot) {
    this.loop = new PrecopyLoop(settings(p), hot);
    this.params = p.canonical();
  }

  static PrecopyLoop.Settings settings(AlgorithmParams p) {
    PrecopyLoop.Settings x = PrecopyLoop.Settings.XEN_3_3_0;
    String order = p.getString("scan_order", "linear").toLowerCase(Locale.ROOT);
    PrecopyLoop.ScanOrder scan = switch (order) {
      case "linear" -> PrecopyLoop.ScanOrder.LINEAR;
      case "permute" -> PrecopyLoop.ScanOrder.PERMUTE;
      case "linear-reference" -> PrecopyLoop.ScanOrder.LINEAR_REFERENCE;
      default -> throw new IllegalArgumentException("scan_order must be linear or permute, found '" + order + "'");
    };
    p.record("scan_order", order);
    return new PrecopyLoop.Settings(p.getInt("max_rounds", x.maxRounds()), p.getInt("max_factor", x.maxFactor()),
        p.getInt("stop_pages", (int) x.stopPages()), p.getInt("batch_pages", x.batchPages()), scan);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String params() {
    return params;
  }

  @Override
  public void migrate(Migration migration) {
    loop.run(migration);
  }
}
