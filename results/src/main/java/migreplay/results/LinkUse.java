package migreplay.results;

/**
 * What the link carried for one guest of one drain in one interval of the drain's clock (one row of
 * {@code link}); intervals in which it carried nothing for the guest have no row.
 *
 * @param host as in {@link DrainRow#host()}
 * @param startS the interval's start on the drain's clock
 * @param intervalS its length
 * @param bits the guest's bits the link carried in it
 */
public record LinkUse(String host, long drainId, double startS, double intervalS, int position, String guest, long bits)
    implements java.io.Serializable {}
