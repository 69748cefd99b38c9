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

  double positive(String key) {
    return number(key, "a positive number", 0, true);
  }

  double nonNegative(String key) {
    return number(key, "a number >= 0", 0, false);
  }

  long integer(String key, String expected, long min) {
    JsonNode n = node(key);
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min) {
      throw bad(key, expected, n);
    }
    return n.asLong();
  }

  long positiveLong(String key) {
    return integer(key, "a positive integer", 1);
  }

  long nonNegativeLong(String key) {
    return integer(key, "an integer >= 0", 0);
  }

  long optionalLong(String key, long absent, long min) {
    return present(key) ? integer(key, "an integer >= " + min, min) : absent;
  }

  /** A pair of numbers, {@code [a, b]}, or a one-line error saying {@code expected}. */
  double[] pair(String key, String expected) {
    JsonNode pair = node(key);
    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
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
