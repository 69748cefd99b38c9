package migreplay.trace;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of a canonical trace: {@code t_us} int64 and {@code pfn} int64, both not null, and, in a trace
 * whose metadata says {@code reads=recorded}, {@code read} bool not null (true: the page was read, not written,
 * in the row's interval).
 */
public final class TraceSchema {
  public static final String T_US = "t_us";
  public static final String PFN = "pfn";
  public static final String READ = "read";
  /** Rows per record batch that {@link TraceWriter} writes, the most DESIGN.md allows. */
  public static final int MAX_BATCH_ROWS = 65_536;
  /** Footer metadata key holding the number of rows, so readers can size progress without a scan. */
  public static final String FOOTER_ROW_COUNT = "row_count";
  /**
   * Footer metadata key holding each record batch's first and last {@code t_us}, {@code first-last} comma
   * separated in batch order: {@link TraceReader} checks on open that no batch goes back in time, including the
   * batches a replay that ends early never reads.
   */
  public static final String FOOTER_BATCH_T_US = "batch_t_us";

  private TraceSchema() {}

  public static Schema schema(Map<String, String> metadata) {
    ArrowType int64 = new ArrowType.Int(64, true);
    if (TraceMetadata.READS_RECORDED.equals(metadata.get(TraceMetadata.KEY_READS))) {
      return new Schema(List.of(Field.notNullable(T_US, int64), Field.notNullable(PFN, int64),
          Field.notNullable(READ, ArrowType.Bool.INSTANCE)), metadata);
    }
    return new Schema(List.of(Field.notNullable(T_US, int64), Field.notNullable(PFN, int64)), metadata);
  }
}
