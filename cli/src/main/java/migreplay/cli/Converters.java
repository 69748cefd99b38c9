package migreplay.cli;

import java.util.function.Function;
import java.util.function.Supplier;
import migreplay.ingest.SourceFormat;
import migreplay.io.Quote;
import migreplay.replay.Algorithm;
import migreplay.replay.params.Units;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The one place option values become typed values or usage errors (exit 2). Each converter accepts what a
 * person types and otherwise fails with one line naming the option (picocli adds it), the value (quoted
 * safely) and what is accepted: {@code Invalid value for option '--threads': '-2': expected a number of
 * threads from 1 to 4096}. Values checked only in context (against a trace, another option) go through
 * {@link #invalid} with the same shape.
 */
final class Converters {
  private Converters() {}

  /** A usage error for {@code option}'s {@code value}, saying what is accepted. */
  static ParameterException invalid(CommandSpec spec, String option, String value, String why) {
    return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': "
        + (value == null ? "" : Quote.of(value) + ": ") + why);
  }

  /** Evaluates {@code value}, turning an {@link IllegalArgumentException} into a usage error for {@code option}. */
  static <T> T check(CommandSpec spec, String option, String text, Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      boolean named = text == null || e.getMessage().contains(Quote.of(text));
      throw invalid(spec, option, named ? null : text, e.getMessage());
    }
  }

  private static <T> T convert(String text, Function<String, T> parse) {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      String quoted = Quote.of(text);
      String why = e.getMessage();
      throw new TypeConversionException(why.contains(quoted) ? why : quoted + ": " + why);
    }
  }

  static long integer(String text, long min, long max, String what) {
    String accepted = "expected " + what + (max == Long.MAX_VALUE ? " of at least " + min : " from " + min + " to " + max);
    long v;
    try {
      v = Long.parseLong(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(accepted);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(accepted);
    }
    return v;
  }

  /** {@code -j}: 1 to 4096 threads. */
  static final class Threads implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      return Converters.convert(text, t -> (int) integer(t, 1, 4096, "a number of threads"));
    }
  }

  /** A count, size or time in plain integers that must be at least 1. */
  static final class Positive implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, t -> integer(t, 1, Long.MAX_VALUE, "a whole number"));
    }
  }

  /** A byte count that may be 0 ({@code --page-header}). */
  static final class NonNegative implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, t -> integer(t, 0, Integer.MAX_VALUE, "a whole number"));
    }
  }

  /** {@code --ram-pages}: 1 to 2^36 pages. */
  static final class RamPages implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, t -> integer(t, 1, RamRanges.MAX_PFN_SPACE, "a number of pages"));
    }
  }

  /** {@code --ram-ranges}: pfn ranges, kept in their normal form. */
  static final class Ranges implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return Converters.convert(text, t -> RamRanges.parse(t).toString());
    }
  }

  /** {@code --page-size}: a power of two from 512 bytes to 1 GiB. */
  static final class PageSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      return Converters.convert(text, t -> {
        long v;
        try {
          v = Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
          v = 0;
        }
        if (v < 512 || v > 1 << 30 || Long.bitCount(v) != 1) {
          throw new IllegalArgumentException("expected a power of two from 512 to 1073741824 (bytes per page, e.g. 4096)");
        }
        return (int) v;
      });
    }
  }

  /** {@code --hypervisor}. */
  static final class Hypervisor implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return Converters.convert(text, t -> {
        if (!TraceMetadata.HYPERVISORS.contains(t)) {
          throw new IllegalArgumentException("expected one of xen, kvm, qemu-tcg, unknown");
        }
        return t;
      });
    }
  }

  /** {@code --zstd-level}: 1 to 22. */
  static final class ZstdLevel implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      return Converters.convert(text, t -> (int) integer(t, 1, 22, "a ZSTD level (1..22)"));
    }
  }

  /** {@code --format}. */
  static final class Format implements ITypeConverter<SourceFormat> {
    @Override
    public SourceFormat convert(String text) {
      return Converters.convert(text, SourceFormat::named);
    }
  }

  /** {@code -a}: an algorithm name. */
  static final class Algo implements ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String text) {
      return Converters.convert(text, Algorithm::named);
    }
  }

  /** A bandwidth in bits per second ({@code 100Mbit}, {@code 125MB/s}, {@code 1e9}). */
  static final class Bandwidth implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, Units::bandwidthBps);
    }
  }

  /** A time in microseconds ({@code 12.5s}, {@code 500ms}). */
  static final class Micros implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, Units::micros);
    }
  }

  /** A positive time in microseconds. */
  static final class PositiveMicros implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, t -> {
        long v = Units.micros(t);
        if (v < 1) {
          throw new IllegalArgumentException("expected a time of at least 1us, like 10ms");
        }
        return v;
      });
    }
  }

  /**
   * Completion candidates: the values the converters accept, as a person types them (picocli would offer an
   * enum's constant names, {@code XEN_PRECOPY}, which the algorithm converter refuses). Listed by
   * {@code migreplay completion} and in help texts through {@code ${COMPLETION-CANDIDATES}}.
   */
  static final class AlgorithmNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(Algorithm.values()).map(Algorithm::label).iterator();
    }
  }

  /** {@code --trace-end}: loop, idle or error (any case). */
  static final class TraceEndValue implements ITypeConverter<migreplay.replay.engine.TraceEnd> {
    @Override
    public migreplay.replay.engine.TraceEnd convert(String text) {
      return choice(text, migreplay.replay.engine.TraceEnd.values(), migreplay.replay.engine.TraceEnd::label);
    }
  }

  /** {@code --within-epoch}: spread or start (any case). */
  static final class WithinEpochValue implements ITypeConverter<migreplay.replay.engine.WithinEpoch> {
    @Override
    public migreplay.replay.engine.WithinEpoch convert(String text) {
      return choice(text, migreplay.replay.engine.WithinEpoch.values(), migreplay.replay.engine.WithinEpoch::label);
    }
  }

  /** The value whose label is {@code text} (any case), or a conversion error listing the labels. */
  static <E> E choice(String text, E[] values, Function<E, String> label) {
    for (E v : values) {
      if (label.apply(v).equalsIgnoreCase(text.trim())) {
        return v;
      }
    }
    throw new TypeConversionException(Quote.of(text) + ": expected "
        + orList(java.util.Arrays.stream(values).map(label).toList()));
  }

  /** {@code a, b or c}: the values an option accepts, in a message. */
  static String orList(java.util.List<String> values) {
    int last = values.size() - 1;
    return last == 0 ? values.get(0) : String.join(", ", values.subList(0, last)) + " or " + values.get(last);
  }

  /** {@code --trace-end}'s values. */
  static final class TraceEndNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(migreplay.replay.engine.TraceEnd.values())
          .map(migreplay.replay.engine.TraceEnd::label).iterator();
    }
  }

  /** {@code --within-epoch}'s values. */
  static final class WithinEpochNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(migreplay.replay.engine.WithinEpoch.values())
          .map(migreplay.replay.engine.WithinEpoch::label).iterator();
    }
  }

  /** {@code ingest --format}'s values. */
  static final class FormatNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(SourceFormat.values()).map(SourceFormat::label).iterator();
    }
  }

  /** {@code --hypervisor}'s values. */
  static final class HypervisorNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return TraceMetadata.HYPERVISORS.iterator();
    }
  }

  /** {@code --engine}'s values. */
  static final class EngineNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("local", "spark").iterator();
    }
  }

  /** A size in bytes ({@code 512MiB}, {@code 16GiB}). */
  static final class Bytes implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      return Converters.convert(text, Units::bytes);
    }
  }
}
