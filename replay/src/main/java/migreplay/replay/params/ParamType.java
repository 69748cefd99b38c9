package migreplay.replay.params;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What values an algorithm parameter accepts, and its normal form: {@link #normalize} turns what a person
 * typed into the value written in the {@code params} column (e.g. {@code Paper} → {@code paper},
 * {@code 032} → {@code 32}), or fails saying what is accepted.
 */
public interface ParamType {
  /** What is accepted, for messages and {@code migreplay algorithms}: e.g. "an integer from 1 to 1000000". */
  String accepted();

  /**
   * The normal form of {@code text}.
   *
   * @throws IllegalArgumentException if {@code text} is not accepted; the message says what is
   */
  String normalize(String text);

  /** A whole number in {@code [min, max]}. */
  static ParamType integer(long min, long max) {
    String accepted = max == Long.MAX_VALUE ? "an integer of at least " + min
        : "an integer from " + min + " to " + max;
    return of(accepted, t -> {
      long v;
      try {
        v = Long.parseLong(t.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected " + accepted);
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException("expected " + accepted);
      }
      return Long.toString(v);
    });
  }

  /** One of {@code values} (case-insensitive), normalized to lower case. */
  static ParamType choice(String... values) {
    List<String> valid = List.of(values);
    String accepted = "one of " + String.join(", ", valid);
    return of(accepted, t -> {
      String v = t.toLowerCase(Locale.ROOT);
      if (!valid.contains(v)) {
        throw new IllegalArgumentException("expected " + accepted);
      }
      return v;
    });
  }

  /** A type from its description and a normalizer that throws {@link IllegalArgumentException}. */
  static ParamType of(String accepted, UnaryOperator<String> normalizer) {
    return new ParamType() {
      @Override
      public String accepted() {
        return accepted;
      }

      @Override
      public String normalize(String text) {
        return normalizer.apply(text);
      }
    };
  }
}
