package migreplay.replay;

/**
 * One round of a run (one row of {@code rounds}).
 *
 * @param round 1-based
 * @param startS round start, seconds since the migration started
 * @param durationS round length in seconds
 * @param pagesSent pages sent in the round
 * @param pagesSkipped pages in to_send that were already dirty again when their batch was peeked
 * @param pagesDirtied distinct pages in the log at the clean that ends the round (Xen's dirty_count); 0 for
 *     the last round
 * @param hotAdded pages newly judged frequently updated in the round
 * @param last whether this is the stop-and-copy round
 */
public record RoundResult(
    int round, double startS, double durationS, long pagesSent, long pagesSkipped, long pagesDirtied,
    long hotAdded, boolean last) implements java.io.Serializable {}
