package migreplay.io;

/**
 * Input that does not say what it must: a malformed source file, a trace whose metadata is missing or
 * inconsistent, a row out of order. The message always starts with where the problem is
 * ({@code file:line}, {@code file: record batch b row r}, {@code file: metadata key 'k'}) and says what was
 * expected. The command line maps it to exit code 1.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String where;

  /**
   * @param where the file and position, e.g. {@code traces/a.csv:17}
   * @param message what was expected and what was found
   */
  public BadInputException(String where, String message) {
    super(where + ": " + message);
    this.where = where;
  }

  public BadInputException(String where, String message, Throwable cause) {
    super(where + ": " + message, cause);
    this.where = where;
  }

  /** The file and position the problem was found at. */
  public String where() {
    return where;
  }
}
