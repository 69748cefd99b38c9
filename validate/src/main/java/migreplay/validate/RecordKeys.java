package migreplay.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import migreplay.io.BadInputException;

/**
 * Typed access to dotted keys ({@code a.b[2].c}) of one migration record, failing with one line naming the file,
 * the key, what was expected and what was found.
 *
 * @param file the record file, for messages
 * @param root the record's JSON
 */
record RecordKeys(Path file, JsonNode root) {
  JsonNode node(String key) {
    JsonNode n = root;
    for (String part : key.split("\\.")) {
      int bracket = part.indexOf('[');
      n = n.path(bracket < 0 ? part : part.substring(0, bracket));
      if (bracket >= 0) {
        n = n.path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
      }
    }
    return n;
  }

  boolean present(String key) {
    JsonNode n = node(key);
    return !n.isMissingNode() && !n.isNull();
  }

  BadInputException bad(String key, String expected, JsonNode found) {
    String f = found == null || found.isMissingNode() ? "nothing" : abbreviate(found.toString());
    return new BadInputException(file.toString(), "key '" + key + "': expected " + expected + ", found " + f);
  }

  String text(String key) {
    JsonNode n = node(key);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw bad(key, "a string", n);
    }
    return n.asText();
  }

  double number(String key, String expected, double min, boolean strict) {
    JsonNode n = node(key);
    if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < min || (strict && n.asDouble() == min)) {
      throw bad(key, expected, n);
    }
    return n.asDouble();
  }

  /** A number from {@code min} to {@code max}, both included. */
  double within(String key, double min, double max, String expected) {
    JsonNode n = node(key);
    if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < min || n.asDouble() > max) {
      throw bad(key, expected, n);
    }
    return n.asDouble();
  }

  double positive(String key) {
    return number(key, "a positive number", 0, true);
  }

  /** A time in seconds (host or guest) from 0 to {@link RecordReader#MAX_SECONDS}. */
  double nonNegative(String key) {
    return within(key, 0, RecordReader.MAX_SECONDS, "a time in seconds from 0 to 1e6");
  }

  /** A time in ms (QEMU's {@code total-time}, {@code downtime}) from 0 to 1e9 ms. */
  double millis(String key) {
    return within(key, 0, RecordReader.MAX_SECONDS * 1000, "a time in ms from 0 to 1e9");
  }

  long integer(String key, String expected, long min) {
    return integer(key, expected, min, Long.MAX_VALUE);
  }

  long integer(String key, String expected, long min, long max) {
    JsonNode n = node(key);
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
      throw bad(key, expected, n);
    }
    return n.asLong();
  }

  long positiveLong(String key) {
    return integer(key, "an integer from 1 to 2^53", 1, RecordReader.MAX_COUNT);
  }

  /** A count of QEMU's (pages, bytes, syncs): an integer from 0 to 2^53. */
  long nonNegativeLong(String key) {
    return integer(key, "an integer from 0 to 2^53", 0, RecordReader.MAX_COUNT);
  }

  long optionalLong(String key, long absent, long min) {
    return present(key) ? integer(key, "an integer from " + min + " to 2^53", min, RecordReader.MAX_COUNT) : absent;
  }

  /** A pair of numbers, {@code [a, b]}, or a one-line error saying {@code expected}. */
  double[] pair(String key, String expected) {
    JsonNode pair = node(key);
    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()
        || !(Math.abs(pair.get(0).asDouble()) <= RecordReader.MAX_SECONDS)
        || !(Math.abs(pair.get(1).asDouble()) <= RecordReader.MAX_SECONDS * 1000)) {
      throw bad(key, expected, pair);
    }
    return new double[] {pair.get(0).asDouble(), pair.get(1).asDouble()};
  }

  boolean flag(String key) {
    JsonNode n = node(key);
    if (n.isMissingNode() || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw bad(key, "true or false", n);
    }
    return n.asBoolean();
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
