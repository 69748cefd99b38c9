package migreplay.trace;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable set of pfns, as a trace's {@code initial_nonzero} metadata value holds it: the pages with
 * non-zero content when the recording window begins. Encoded as {@code roaring:} followed by the base64
 * of RoaringBitmap's portable serialization (the format every RoaringBitmap library reads, e.g. Python's
 * {@code pyroaring.BitMap.deserialize}), so the trace stays one Arrow file that any reader opens. Pfns
 * are below 2^32 (16 TiB of 4 KiB pages).
 */
public final class PageSet {
  /** The prefix of the encoded form. */
  public static final String ENCODING_PREFIX = "roaring:";

  private final RoaringBitmap pages;

  private PageSet(RoaringBitmap pages) {
    pages.runOptimize();
    this.pages = pages;
  }

  /** Collects pfns; {@link #build()} freezes them. */
  public static final class Builder {
    private final RoaringBitmap pages = new RoaringBitmap();

    /** Adds pfn {@code pfn}. */
    public Builder add(long pfn) {
      pages.add(checked(pfn));
      return this;
    }

    /** Adds pfns {@code [from, to)}. */
    public Builder addRange(long from, long to) {
      if (to > from) {
        checked(to - 1);
        pages.add(checked(from), to);
      }
      return this;
    }

    public PageSet build() {
      return new PageSet(pages.clone());
    }

    private static int checked(long pfn) {
      if (pfn < 0 || pfn > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("pfn " + pfn + " is outside 0..2^32-1");
      }
      return (int) pfn;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of pages. */
  public long count() {
    return pages.getLongCardinality();
  }

  public boolean contains(long pfn) {
    return pfn >= 0 && pfn <= 0xFFFF_FFFFL && pages.contains((int) pfn);
  }

  /** The smallest and one past the largest pfn, or {@code [0, 0)} when empty. */
  public long first() {
    return pages.isEmpty() ? 0 : Integer.toUnsignedLong(pages.first());
  }

  public long last() {
    return pages.isEmpty() ? -1 : Integer.toUnsignedLong(pages.last());
  }

  /** Calls {@code action} with every pfn in ascending order. */
  public void forEach(LongConsumer action) {
    pages.forEach((int p) -> action.accept(Integer.toUnsignedLong(p)));
  }

  /** The first pfn not inside {@code ram}, or -1 when all are. */
  public long firstOutside(RamRanges ram) {
    long[] found = {-1};
    pages.forEach((int p) -> {
      if (found[0] < 0 && !ram.contains(Integer.toUnsignedLong(p))) {
        found[0] = Integer.toUnsignedLong(p);
      }
    });
    return found[0];
  }

  /** The metadata value: {@code roaring:} + base64 of the portable serialization. */
  public String encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(pages.serializedSizeInBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      pages.serialize(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ENCODING_PREFIX + Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /**
   * Reads {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static PageSet decode(String text) {
    if (text == null || !text.startsWith(ENCODING_PREFIX)) {
      throw new IllegalArgumentException("expected '" + ENCODING_PREFIX + "' followed by base64, found '"
          + (text == null ? "" : text.substring(0, Math.min(20, text.length()))) + "'");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text.substring(ENCODING_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected '" + ENCODING_PREFIX + "' followed by base64; the text after it is "
          + "not base64");
    }
    try {
      RoaringBitmap b = new RoaringBitmap();
      b.deserialize(ByteBuffer.wrap(bytes));
      return new PageSet(b);
    } catch (RuntimeException | IOException e) {
      // RoaringBitmap's own exceptions name its classes (InvalidRoaringFormat) or say null: say it in words
      throw new IllegalArgumentException("the base64 after '" + ENCODING_PREFIX + "' is not a RoaringBitmap in its "
          + "portable serialization (" + bytes.length + " bytes, damaged or truncated)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PageSet s && s.pages.equals(pages);
  }

  @Override
  public int hashCode() {
    return pages.hashCode();
  }

  @Override
  public String toString() {
    return "PageSet(" + count() + " pages)";
  }
}
