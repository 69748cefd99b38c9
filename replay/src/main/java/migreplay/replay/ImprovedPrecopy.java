package migreplay.replay;

/**
 * {@code improved-precopy}: Xen 3.3.0's pre-copy plus the paper's bitmap of frequently updated pages
 * ({@code to_send_last}): a page judged hot by the {@link HotPolicy} ({@code hot_policy}, default
 * {@code paper}; {@code hot_from_round}, default 2) is held back and sent once, in the last round, which
 * sends {@code to_send ∪ to_send_last}. Takes the Xen parameters too.
 */
final class ImprovedPrecopy implements MigrationAlgorithm {
  static final String NAME = "improved-precopy";

  private final XenPrecopy loop;

  ImprovedPrecopy(AlgorithmParams p) {
    HotPolicy hot = HotPolicy.parse(p.getString("hot_policy", "paper"), p.getInt("hot_from_round", 2));
    p.record("hot_policy", hot.label());
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
