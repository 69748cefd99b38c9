package migreplay.replay.xen;

import java.util.List;
import java.util.stream.Stream;
import migreplay.replay.engine.Migration;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.params.ParamType;

/**
 * {@code improved-precopy}: Xen 3.3.0's pre-copy plus the paper's bitmap of frequently updated pages
 * ({@code to_send_last}): a page judged hot by the {@link HotPolicy} ({@code hot_policy}, default
 * {@code paper}; {@code hot_from_round}, default 2) is held back and sent once, in the last round, which
 * sends {@code to_send ∪ to_send_last}. Takes the Xen parameters too.
 */
public final class ImprovedPrecopy implements MigrationAlgorithm {
  public static final String NAME = "improved-precopy";

  /** Xen's parameters and the hot-page rule. */
  public static final List<ParamSpec> PARAMS = Stream.concat(XenPrecopy.PARAMS.stream(), Stream.of(
      new ParamSpec("hot_policy", ParamType.of("paper or consecutive:K with K from 1 to 100", HotPolicy::normalize),
          "paper", "", "when a page is judged frequently updated: the paper's rule, or dirtied in K consecutive rounds"),
      new ParamSpec("hot_from_round", ParamType.integer(1, 1_000_000), "2", "round",
          "first round that may judge a page hot"))).toList();

  private final XenPrecopy loop;

  public ImprovedPrecopy(AlgorithmParams p) {
    HotPolicy hot = HotPolicy.parse(p.get("hot_policy"), p.getInt("hot_from_round"));
    this.loop = new XenPrecopy(p, hot);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String params() {
    return loop.params();
  }

  @Override
  public void migrate(Migration migration) {
    loop.migrate(migration);
  }
}
