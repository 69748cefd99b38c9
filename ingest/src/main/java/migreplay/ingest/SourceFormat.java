package migreplay.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import migreplay.io.BadInputException;

/** The registry of source formats by name, with detection from the input itself. */
public enum SourceFormat {
  CSV("csv", CsvSource::new),
  BITMAP_DIR("bitmap-dir", BitmapDirSource::new),
  FTRACE("ftrace", FtraceSource::new);

  private final String label;
  private final Supplier<SourceReader> factory;

  SourceFormat(String label, Supplier<SourceReader> factory) {
    this.label = label;
    this.factory = factory;
  }

  public String label() {
    return label;
  }

  SourceReader reader() {
    return factory.get();
  }

  /** Looks a format up by name; an unknown name fails listing the valid ones. */
  public static SourceFormat named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (SourceFormat f : values()) {
      if (f.label.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; valid: " + names());
  }

  static String names() {
    return Arrays.stream(values()).map(SourceFormat::label).collect(Collectors.joining(", "));
  }

  /**
   * What an input says it is: a directory with {@code index.csv} is a bitmap-dir; a {@code .csv},
   * {@code .csv.gz} or {@code .csv.zst} file is csv; text whose first lines look like ftrace (a
   * {@code # tracer:} header or a {@code kvm_dirty_ring_push} event) is ftrace.
   */
  public static Optional<SourceFormat> detect(Path input) throws IOException {
    if (Files.isDirectory(input)) {
      return Files.isRegularFile(input.resolve("index.csv")) ? Optional.of(BITMAP_DIR) : Optional.empty();
    }
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".meta.json") || name.endsWith(".trace.arrow")) {
      return Optional.empty();
    }
    if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".csv.zst")) {
      return Optional.of(CSV);
    }
    try (BufferedReader r = new BufferedReader(Inputs.reader(input))) {
      for (int i = 0; i < 50; i++) {
        String line = r.readLine();
        if (line == null) {
          break;
        }
        if (line.startsWith("# tracer:") || line.contains("kvm_dirty_ring_push:")) {
          return Optional.of(FTRACE);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** {@link #detect} or a {@link BadInputException} listing the formats. */
  public static SourceFormat detectOrFail(Path input) throws IOException {
    return detect(input).orElseThrow(() -> new BadInputException(input.toString(),
        "cannot tell the format; give --format (" + names() + ")"));
  }
}
