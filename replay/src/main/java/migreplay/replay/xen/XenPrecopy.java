package migreplay.replay.xen;

import java.util.List;
import java.util.Locale;
import migreplay.replay.engine.Migration;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.params.ParamType;

/**
 * {@code xen-precopy}: Xen 3.3.0's pre-copy, every constant a parameter with Xen's value as default:
 * {@code max_rounds} (29 live rounds), {@code max_factor} (3), {@code stop_pages} (50), {@code batch_pages}
 * (1024), {@code scan_order} ({@code linear}; {@code permute} is Xen 3.2's order).
 */
public final class XenPrecopy implements MigrationAlgorithm {
  public static final String NAME = "xen-precopy";

  /** Xen 3.3.0's constants ({@code xc_domain_save.c}), as parameters. */
  public static final List<ParamSpec> PARAMS = List.of(
      new ParamSpec("max_rounds", ParamType.integer(1, 1_000_000), "29", "rounds",
          "live rounds at most (Xen's max_iters); the stop-and-copy round comes after"),
      new ParamSpec("max_factor", ParamType.integer(1, 1_000_000), "3", "x pfn space",
          "stop once more than this x the pfn space has been sent"),
      new ParamSpec("stop_pages", ParamType.integer(0, Integer.MAX_VALUE), "50", "pages",
          "stop once a round's sent + skipped pages are fewer"),
      new ParamSpec("batch_pages", ParamType.integer(1, 1 << 24), "1024", "pages",
          "selected pages per batch; the log is peeked before each batch (MAX_BATCH_SIZE)"),
      new ParamSpec("scan_order", ParamType.of("one of linear, permute", XenPrecopy::scanOrder), "linear", "",
          "linear (Xen 3.3.0) or permute (Xen 3.2's order)"));

  private final PrecopyLoop loop;
  private final String params;

  public XenPrecopy(AlgorithmParams p) {
    this(p, null);
  }

  /** For algorithms built on the same loop: reads the Xen parameters, then the caller's hot policy. */
  XenPrecopy(AlgorithmParams p, HotPolicy hot) {
    this.loop = new PrecopyLoop(settings(p), hot);
    this.params = p.canonical();
  }

  static PrecopyLoop.Settings settings(AlgorithmParams p) {
    PrecopyLoop.ScanOrder scan = switch (p.get("scan_order")) {
      case "permute" -> PrecopyLoop.ScanOrder.PERMUTE;
      case "linear-reference" -> PrecopyLoop.ScanOrder.LINEAR_REFERENCE;
      default -> PrecopyLoop.ScanOrder.LINEAR;
    };
    return new PrecopyLoop.Settings(p.getInt("max_rounds"), p.getInt("max_factor"), p.getLong("stop_pages"),
        p.getInt("batch_pages"), scan);
  }

  /** linear or permute; also linear-reference, the page-by-page scan the word scan is tested against. */
  private static String scanOrder(String text) {
    String order = text.toLowerCase(Locale.ROOT);
    if (!List.of("linear", "permute", "linear-reference").contains(order)) {
      throw new IllegalArgumentException("expected one of linear, permute");
    }
    return order;
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
