package migreplay.ingest.synth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One synthetic writer, parsed from {@code kind:key=value,key=value} (e.g. {@code hot:pages=2000,p=0.9}).
 * Page counts and offsets index RAM pages (holes skipped); rates are page writes per second.
 *
 * <ul>
 *   <li>{@code hot:pages=N,p=P[,offset=K]}: N pages from RAM page K, each rewritten in every epoch with
 *       probability P.
 *   <li>{@code cold:rate=R}: R writes per second (Poisson per epoch) to pages uniform over RAM.
 *   <li>{@code sweep:rate=R[,offset=K]}: R pages per second written in ascending order from page K,
 *       wrapping at the end of RAM.
 *   <li>{@code zipf:pages=N,s=S,rate=R[,offset=K]}: R writes per second (Poisson per epoch) over N pages
 *       from page K, page i with probability ∝ 1/(i+1)^S.
 * </ul>
 */
public record WriterSpec(Kind kind, Map<String, Double> values) {
  /** The kinds of writer. */
  public enum Kind {
    HOT(Set.of("pages", "p"), Set.of("offset")),
    COLD(Set.of("rate"), Set.of()),
    SWEEP(Set.of("rate"), Set.of("offset")),
    ZIPF(Set.of("pages", "s", "rate"), Set.of("offset"));

    final Set<String> required;
    final Set<String> optional;

    Kind(Set<String> required, Set<String> optional) {
      this.required = required;
      this.optional = optional;
    }
  }

  public WriterSpec {
    // Sorted by key: Map.copyOf's order changes from one JVM to the next, and toString() goes into the trace's
    // notes, which must be the same bytes for the same writers.
    values = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(values));
  }

  public double get(String key) {
    return values.getOrDefault(key, 0.0);
  }

  /** Parses {@code kind:key=value,...}; errors name what is wrong. */
  public static WriterSpec parse(String text) {
    int colon = text.indexOf(':');
    String kindName = (colon < 0 ? text : text.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
    Kind kind;
    try {
      kind = Kind.valueOf(kindName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown writer '" + text + "'; expected hot:, cold:, sweep: or zipf:");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    if (colon >= 0 && colon < text.length() - 1) {
      for (String kv : text.substring(colon + 1).split(",")) {
        String[] p = kv.split("=", 2);
        String key = p[0].trim();
        if (p.length != 2 || !(kind.required.contains(key) || kind.optional.contains(key))) {
          throw new IllegalArgumentException("writer " + kindName.toLowerCase(Locale.ROOT) + ": unexpected '" + kv
              + "'; it takes " + kind.required + (kind.optional.isEmpty() ? "" : " and optionally " + kind.optional));
        }
        double v;
        try {
          v = Double.parseDouble(p[1].trim().replace("/s", ""));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("writer " + kindName.toLowerCase(Locale.ROOT) + ": " + key
              + " expects a number, found " + migreplay.io.Quote.of(p[1]));
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("writer " + kindName.toLowerCase(Locale.ROOT) + ": " + key
              + " must be a finite number of at least 0, found " + migreplay.io.Quote.of(p[1]));
        }
        if (key.equals("pages") && v < 1) {
          throw new IllegalArgumentException("writer " + kindName.toLowerCase(Locale.ROOT)
              + ": pages must be at least 1, found " + migreplay.io.Quote.of(p[1]));
        }
        if (values.put(key, v) != null) {
          throw new IllegalArgumentException("writer " + kindName.toLowerCase(Locale.ROOT) + ": " + key
              + " given twice; give each key once");
        }
      }
    }
    for (String key : kind.required) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException("writer " + kindName.toLowerCase(Locale.ROOT) + " needs " + key
            + " (e.g. " + example(kind) + ")");
      }
    }
    if (kind == Kind.HOT && values.get("p") > 1) {
      throw new IllegalArgumentException("writer hot: p is a probability in [0, 1], found " + values.get("p"));
    }
    return new WriterSpec(kind, values);
  }

  private static String example(Kind k) {
    return switch (k) {
      case HOT -> "hot:pages=2000,p=0.9";
      case COLD -> "cold:rate=5000";
      case SWEEP -> "sweep:rate=20000";
      case ZIPF -> "zipf:pages=100000,s=1.1,rate=50000";
    };
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(':');
    String sep = "";
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue();
      b.append(sep).append(e.getKey()).append('=')
          .append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
      sep = ",";
    }
    return b.toString();
  }
}
