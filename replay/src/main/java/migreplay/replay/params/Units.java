package migreplay.replay.params;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import migreplay.io.Quote;

/**
 * Parses the quantities a person types, each with one documented meaning or refused with a hint:
 * <ul>
 *   <li>times ({@code 12.5s}, {@code 300ms}, {@code 250us}, {@code 2min}, {@code 1h}): the unit is required
 *       (only {@code 0} may go without), because a bare {@code 300} is seconds to one person and milliseconds
 *       to a QEMU user; {@code m} alone is refused (minutes or milliseconds?);
 *   <li>rates ({@code 100Mbit}, {@code 1gbit}, {@code 10Gbit/s}, {@code 10Gbps}, {@code 1Gb/s}: bits per second;
 *       {@code 125MB/s}, {@code 128MiB/s}, {@code 32MBps}: bytes per second): a rate of bytes needs {@code /s}
 *       ({@code 1GB} is a size, not a rate), a bare prefix ({@code 1G}) must say bits or bytes, a bare number
 *       is refused (QEMU's QMP reads it as bytes/s, its monitor as MiB/s, a network engineer as bits/s);
 *       prefixes of bit rates may be in either case ({@code 1gbit} = {@code 1Gbit});
 *   <li>sizes ({@code 16GiB}, {@code 512MiB}, {@code 1G} = {@code 1g} = 1 GiB as for the JVM's -Xmx,
 *       {@code 1GB} = 10^9 bytes, a bare number = bytes).
 * </ul>
 * Decimal prefixes (k, M, G, T) are powers of 1000, binary ones (Ki, Mi, Gi, Ti) powers of 1024; a single
 * letter on a size is binary.
 */
public final class Units {
  private static final Pattern QUANTITY = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\\s*([A-Za-zµ/]*)\\s*");

  /** Prefix, optional binary i, base (bit, b = bit, B = byte), optional per second (/s, ps). */
  private static final Pattern RATE_UNIT = Pattern.compile("([kKmMgGtT]?)(i?)(bit|b|B)?(/s|ps)?");

  static final String RATES = "100Mbit, 1Gbit/s, 10Gbps (bits per second) or 125MB/s, 128MiB/s (bytes per second)";
  static final String TIMES = "300ms, 12.5s, 250us, 2min or 1h";

  private Units() {}

  /**
   * Bits per second from a rate: {@code 100Mbit}, {@code 1gbit}, {@code 1Gbit/s}, {@code 10Gbps}, {@code 1Gb/s},
   * {@code 125MB/s}, {@code 128MiB/s}, {@code 1e9bit/s}.
   *
   * @throws IllegalArgumentException saying what is accepted, with a hint for {@code 1G}, {@code 1GB}, {@code 1e9}
   */
  public static long bandwidthBps(String text) {
    return positive(rate(text, "a bandwidth like " + RATES).bits(), text, "bandwidth");
  }

  /**
   * Bytes per second from the same rates as {@link #bandwidthBps} ({@code 32MiB/s}, {@code 1Gbit} = 125,000,000
   * B/s; a bit rate is divided by 8 and rounded down), or 0 for {@code 0} (no rate: a cap turned off).
   */
  public static long bytesPerSecond(String text) {
    if (text != null && text.trim().equals("0")) {
      return 0;
    }
    Rate r = rate(text, "bytes per second like 32MiB/s or 125MB/s, a bit rate like 1Gbit, or 0 for none");
    if (!r.bytes() && r.value() >= 1 && r.value() < 8) { // less than a byte per second is no cap: refuse, never 0 = none
      throw new IllegalArgumentException("a bit rate below 8bit is less than one byte per second, found "
          + Quote.of(text) + "; give at least 8bit (1 B/s), or 0 for none");
    }
    return r.bytes() ? positive(r.value(), text, "rate") : positive(r.value(), text, "bandwidth") / 8;
  }

  /** A parsed rate: its value in its own base (bits or bytes per second). */
  private record Rate(double value, boolean bytes) {
    double bits() {
      return bytes ? value * 8 : value;
    }
  }

  /** Bytes per second the way the params column writes them: {@code 128MiB/s}, {@code 96KiB/s}, {@code 82080B/s}, {@code 0}. */
  public static String formatBytesPerSecond(long b) {
    if (b == 0) {
      return "0";
    }
    if (b % (1L << 20) == 0) {
      return b / (1L << 20) + "MiB/s";
    }
    if (b % 1024 == 0) {
      return b / 1024 + "KiB/s";
    }
    return b + "B/s";
  }

  private static Rate rate(String text, String expected) {
    Matcher m = match(text, expected);
    String unit = m.group(2);
    String number = m.group(1);
    if (unit.isEmpty() && Double.parseDouble(number) == 0) {
      return new Rate(0, false); // refused below as too small, not for a missing unit
    }
    if (unit.isEmpty()) {
      throw new IllegalArgumentException("a rate needs its unit, found " + Quote.of(text) + ": write " + number
          + "bit/s for bits per second or " + number + "B/s for bytes per second");
    }
    Matcher u = RATE_UNIT.matcher(unit);
    if (!u.matches()) {
      throw new IllegalArgumentException("expected " + expected + ", found " + Quote.of(text));
    }
    String prefix = u.group(1);
    boolean binary = !u.group(2).isEmpty();
    String base = u.group(3);
    boolean perSecond = u.group(4) != null;
    if (base == null) {
      String p = prefix.toUpperCase(Locale.ROOT) + (binary ? "i" : "");
      throw new IllegalArgumentException(Quote.of(text) + " does not say bits or bytes: write " + number + p
          + "bit for bits per second, or " + number + p + "B/s" + (binary || p.isEmpty() ? "" : " or " + number + p
          + "iB/s") + " for bytes per second");
    }
    boolean bytes = base.equals("B");
    if (bytes && !perSecond) {
      throw new IllegalArgumentException(Quote.of(text) + " is a size, not a rate: write " + number + prefix
          + u.group(2) + "B/s for bytes per second (or " + number + prefix.toUpperCase(Locale.ROOT) + u.group(2)
          + "bit for bits)");
    }
    if (base.equals("b") && !perSecond) {
      throw new IllegalArgumentException(Quote.of(text) + ": write " + number + prefix + u.group(2) + "bit or "
          + number + prefix + u.group(2) + "b/s for bits per second, " + number + prefix.toUpperCase(Locale.ROOT)
          + u.group(2) + "B/s for bytes per second");
    }
    if (bytes && !prefix.isEmpty() && !prefix.equals("k") && Character.isLowerCase(prefix.charAt(0))) {
      throw new IllegalArgumentException("expected " + expected + ", found " + Quote.of(text) + " (a lower-case "
          + prefix + " before B: write " + number + prefix.toUpperCase(Locale.ROOT) + u.group(2) + "B/s)");
    }
    double factor = Math.pow(binary ? 1024 : 1000, switch (prefix.toLowerCase(Locale.ROOT)) {
      case "" -> 0;
      case "k" -> 1;
      case "m" -> 2;
      case "g" -> 3;
      default -> 4;
    });
    return new Rate(Double.parseDouble(number) * factor, bytes);
  }

  /**
   * Microseconds from e.g. {@code 12.5s}, {@code 300ms}, {@code 250us}, {@code 2min}, {@code 1h}; {@code 0} may
   * go without a unit, any other number may not.
   */
  public static long micros(String text) {
    Matcher m = match(text, "a time like " + TIMES);
    String unit = m.group(2);
    if (unit.isEmpty() && Double.parseDouble(m.group(1)) != 0) {
      throw new IllegalArgumentException("a time needs its unit, found " + Quote.of(text) + ": write "
          + m.group(1) + "ms or " + m.group(1) + "s");
    }
    double factor = switch (unit) {
      case "", "s", "sec" -> 1e6;
      case "ms" -> 1e3;
      case "us", "µs" -> 1;
      case "min" -> 60e6;
      case "h" -> 3600e6;
      case "m" -> throw new IllegalArgumentException(Quote.of(text) + ": minutes or milliseconds? write " + m.group(1)
          + "min or " + m.group(1) + "ms");
      default -> throw new IllegalArgumentException("expected a time like " + TIMES + ", found " + Quote.of(text));
    };
    double v = Double.parseDouble(m.group(1)) * factor;
    if (v >= 0x1p63) {
      throw new IllegalArgumentException("time too large: " + Quote.of(text) + "; at most 2^63-1 µs");
    }
    return Math.round(v);
  }

  /**
   * Bytes from e.g. {@code 16GiB}, {@code 512MiB}, {@code 1G} or {@code 1g} (GiB), {@code 1GB} (10^9),
   * {@code 4096}.
   */
  public static long bytes(String text) {
    Matcher m = match(text, "a size like 512MiB or 16GiB");
    double factor = switch (m.group(2)) {
      case "", "B" -> 1;
      case "KiB", "K", "k" -> 1024.0;
      case "MiB", "M", "m" -> 1024.0 * 1024;
      case "GiB", "G", "g" -> 1024.0 * 1024 * 1024;
      case "TiB", "T", "t" -> 1024.0 * 1024 * 1024 * 1024;
      case "kB", "KB" -> 1e3;
      case "MB" -> 1e6;
      case "GB" -> 1e9;
      case "TB" -> 1e12;
      default -> throw new IllegalArgumentException("expected a size like 512MiB or 16GiB, found " + Quote.of(text)
          + (m.group(2).endsWith("/s") ? " (a rate, not a size)" : ""));
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
    String unit = what.equals("bandwidth") ? " bit/s" : what.equals("rate") ? " byte/s" : " byte";
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
