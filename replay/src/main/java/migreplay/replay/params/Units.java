package migreplay.replay.params;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import migreplay.io.Quote;

/**
 * Parses the quantities a person types: bandwidths ({@code 100Mbit}, {@code 1Gbit/s}, {@code 125MB/s},
 * {@code 1e9}), times ({@code 12.5s}, {@code 500ms}, {@code 250us}) and sizes ({@code 16GiB}). Decimal
 * prefixes are powers of 1000 for bits and bytes per second (network convention), binary prefixes
 * (KiB, MiB, GiB) powers of 1024.
 */
public final class Units {
  private static final Pattern QUANTITY = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\\s*([A-Za-z/]*)\\s*");

  private Units() {}

  private static final Pattern RATE_UNIT = Pattern.compile("([kKMGT]?)(bit|b|B)?(/s|ps)?");

  /** Bits per second from e.g. {@code 100Mbit}, {@code 1Gbit/s}, {@code 10Gbps}, {@code 125MB/s}, {@code 1e9}. */
  public static long bandwidthBps(String text) {
    String expected = "a bandwidth like 100Mbit, 1Gbit, 10Gbit/s or 125MB/s";
    Matcher m = match(text, expected);
    Matcher u = RATE_UNIT.matcher(m.group(2));
    if (!u.matches() || (u.group(2) == null && !u.group(1).isEmpty())) {
      throw new IllegalArgumentException("expected " + expected + ", found " + Quote.of(text));
    }
    double factor = switch (u.group(1)) {
      case "" -> 1;
      case "k", "K" -> 1e3;
      case "M" -> 1e6;
      case "G" -> 1e9;
      default -> 1e12;
    };
    if ("B".equals(u.group(2))) {
      factor *= 8;
    }
    return positive(Double.parseDouble(m.group(1)) * factor, text, "bandwidth");
  }

  /** Microseconds from e.g. {@code 12.5s}, {@code 500ms}, {@code 250us}, {@code 2min}; a bare number is seconds. */
  public static long micros(String text) {
    Matcher m = match(text, "a time like 12.5s, 500ms or 250us");
    double factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "s", "sec" -> 1e6;
      case "ms" -> 1e3;
      case "us", "µs" -> 1;
      case "min", "m" -> 60e6;
      case "h" -> 3600e6;
      default -> throw new IllegalArgumentException("expected a time like 12.5s, 500ms or 250us, found " + Quote.of(text));
    };
    double v = Double.parseDouble(m.group(1)) * factor;
    if (v >= 0x1p63) {
      throw new IllegalArgumentException("time too large: " + Quote.of(text) + "; at most 2^63-1 µs");
    }
    return Math.round(v);
  }

  /** Bytes from e.g. {@code 16GiB}, {@code 512MiB}, {@code 4096}. */
  public static long bytes(String text) {
    Matcher m = match(text, "a size like 512MiB or 16GiB");
    double factor = switch (m.group(2)) {
      case "", "B" -> 1;
      case "KiB", "K", "k" -> 1024.0;
      case "MiB", "M" -> 1024.0 * 1024;
      case "GiB", "G" -> 1024.0 * 1024 * 1024;
      case "TiB", "T" -> 1024.0 * 1024 * 1024 * 1024;
      case "kB", "KB" -> 1e3;
      case "MB" -> 1e6;
      case "GB" -> 1e9;
      default -> throw new IllegalArgumentException("expected a size like 512MiB or 16GiB, found " + Quote.of(text));
    };
    return positive(Double.parseDouble(m.group(1)) * factor, text, "size");
  }

  /** {@link #bytes(String)}, or 0 for {@code 0} (a budget turned off). */
  public static long bytesOrZero(String text) {
    return "0".equals(text) ? 0 : bytes(text);
  }

  private static Matcher match(String text, String expected) {
    Matcher m = QUANTITY.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected " + expected + ", found " + Quote.of(text));
    }
    return m;
  }

  private static long positive(double v, String text, String what) {
    String unit = what.equals("bandwidth") ? " bit/s" : " byte";
    if (!(v >= 1)) {
      throw new IllegalArgumentException(what + " must be at least 1" + unit + ", found " + Quote.of(text));
    }
    if (v >= 0x1p63) {
      throw new IllegalArgumentException(what + " too large: " + Quote.of(text) + "; at most 2^63-1" + unit);
    }
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException(what + " must be a whole number (of" + unit + "), found " + Quote.of(text));
    }
    return (long) v;
  }

  /** Formats microseconds the way a person writes them: {@code 12s}, {@code 12500ms}, {@code 250us}. */
  public static String formatMicros(long us) {
    return us % 1_000_000 == 0 ? us / 1_000_000 + "s" : us % 1000 == 0 ? us / 1000 + "ms" : us + "us";
  }

  /** Formats bits per second the way a person writes it: {@code 100Mbit}, {@code 1Gbit}, {@code 2.5Gbit}. */
  public static String formatBandwidth(long bps) {
    String[] units = {"Tbit", "Gbit", "Mbit", "kbit"};
    double[] scale = {1e12, 1e9, 1e6, 1e3};
    for (int i = 0; i < units.length; i++) {
      if (bps >= scale[i]) {
        double v = bps / scale[i];
        return (v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.US, "%.3g", v)) + units[i];
      }
    }
    return bps + "bit";
  }
}
