package migreplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import migreplay.ingest.IngestOptions;
import migreplay.ingest.Ingester;
import migreplay.ingest.SourceFormat;
import migreplay.io.AtomicOutput;
import migreplay.io.BadInputException;
import migreplay.trace.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code migreplay ingest}: recorded traces (csv, bitmap-dir, ftrace) → canonical {@code *.trace.arrow}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Converts recorded dirty-page traces into canonical Arrow traces. Formats: csv, bitmap-dir, "
        + "ftrace (KVM dirty-ring events); detected from the input when --format is not given.",
        "Metadata the input cannot carry comes from the options or from a sidecar INPUT.meta.json; options win.",
        "Example: migreplay ingest run1.csv.gz --ram-pages 262144 --hypervisor kvm -o run1.trace.arrow"})
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Source files, bitmap directories, or directories of sources.")
  List<Path> inputs;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|DIR",
      description = "The trace to write, or a directory for several inputs (one NAME.trace.arrow each).")
  Path output;

  @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.Format.class,
      completionCandidates = Converters.FormatNames.class,
      description = "${COMPLETION-CANDIDATES} (default: detected).")
  SourceFormat format;

  @Option(names = "--page-size", paramLabel = "BYTES", converter = Converters.PageSize.class,
      description = "Bytes per page, a power of two (default 4096).")
  Integer pageSize;

  @Option(names = "--ram-pages", paramLabel = "N", converter = Converters.RamPages.class,
      description = "Guest RAM in pages: pfns 0..N-1.")
  Long ramPages;

  @Option(names = "--ram-ranges", paramLabel = "RANGES", converter = Converters.Ranges.class,
      description = "Guest RAM as pfn ranges, e.g. 0-786432,1048576-1310720.")
  String ramRanges;

  @Option(names = "--duration-us", paramLabel = "US", converter = Converters.Positive.class,
      description = "Recording length (default: last event + resolution).")
  Long durationUs;

  @Option(names = "--resolution-us", paramLabel = "US", converter = Converters.Positive.class,
      description = "Time granularity of the recorder (default: 1, or the epoch).")
  Long resolutionUs;

  @Option(names = "--epoch-us", paramLabel = "US", converter = Converters.Positive.class,
      description = "For csv with an epoch column: microseconds per epoch.")
  Long epochUs;

  @Option(names = "--memslots", paramLabel = "FILE", description = "For ftrace: csv slot,base_gfn,npages.")
  Path memslots;

  @Option(names = "--initial-nonzero", paramLabel = "FILE",
      description = {"Pages with non-zero content when the recording begins, stored in the trace: one pfn per line "
          + "or a range a-b (end exclusive, like ram_ranges); '#' comments; .gz/.zst are read.",
          "Without it, qemu-precopy assumes every RAM page non-zero at the start (initial_nonzero=all)."})
  Path initialNonzero;

  @Option(names = "--hypervisor", paramLabel = "HYPERVISOR", converter = Converters.Hypervisor.class,
      completionCandidates = Converters.HypervisorNames.class, description = "${COMPLETION-CANDIDATES}.")
  String hypervisor;

  @Option(names = "--workload", description = "What ran in the guest.")
  String workload;

  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Any other metadata (repeatable).")
  Map<String, String> meta = new LinkedHashMap<>();

  @Option(names = {"-j", "--threads"}, converter = Converters.Threads.class,
      description = "Inputs ingested in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--force", description = "Ingest even when the output is newer than the input.")
  boolean force;

  @Option(names = "--zstd-level", paramLabel = "N", converter = Converters.ZstdLevel.class, description = "ZSTD level of the trace, 1 (fastest, larger) to 22 (default: ${DEFAULT-VALUE}).")
  int zstdLevel = migreplay.trace.TraceWriter.Options.DEFAULT_ZSTD_LEVEL;

  @Override
  public Integer call() throws Exception {
    if (ramPages != null && ramRanges != null) {
      throw new ParameterException(spec.commandLine(), "give --ram-pages or --ram-ranges, not both");
    }
    Optional<SourceFormat> fixed = Optional.ofNullable(format);
    List<Path[]> jobs = jobs(fixed);
    if (initialNonzero != null && !Files.isRegularFile(initialNonzero)) {
      throw Converters.invalid(spec, "--initial-nonzero", null, initialNonzero
          + (Files.isDirectory(initialNonzero) ? " is a directory" : ": no such file") + "; expected a file of pfns");
    }
    if (initialNonzero != null && jobs.size() > 1) {
      throw Converters.invalid(spec, "--initial-nonzero", null,
          "it describes one recording; give one input with it, found " + jobs.size());
    }
    IngestOptions options = new IngestOptions(epochUs == null ? 0 : epochUs, memslots, IngestOptions.defaultMemoryRows()
        / Math.max(1, Math.min(threads, jobs.size())), zstdLevel, initialNonzero);
    Map<String, String> given = given();
    // A CSV does not say how much RAM the guest has: without it the command line is incomplete (exit 2), said
    // before any input is read.
    List<Path> ramUnknown = new ArrayList<>();
    for (Path[] job : jobs) {
      Optional<SourceFormat> f = fixed.isPresent() ? fixed : SourceFormat.detect(job[0]);
      if (f.isPresent() && !migreplay.ingest.Ingester.ramKnown(job[0], f.get(), given)) {
        ramUnknown.add(job[0]);
      }
    }
    if (!ramUnknown.isEmpty()) {
      Path first = ramUnknown.get(0);
      throw new ParameterException(spec.commandLine(), "Missing option: --ram-pages N or --ram-ranges: "
          + first + (ramUnknown.size() > 1 ? " (and " + (ramUnknown.size() - 1) + " more inputs)" : "")
          + " is CSV, which does not say how much RAM the guest has; give --ram-pages N, --ram-ranges, or "
          + "ram_ranges in " + first.getFileName() + ".meta.json");
    }
    String shaping = shaping(fixed, given);
    given.put(INGEST_OPTIONS, shaping);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, jobs.size())));
    try {
      List<Future<Ingester.Summary>> futures = new ArrayList<>();
      for (Path[] job : jobs) {
        if (!force && upToDate(job[0], job[1], options, shaping)) {
          out.printf("%s: up to date, skipped%n", job[1]);
          continue;
        }
        futures.add(pool.submit(() -> {
          SourceFormat f = fixed.isPresent() ? fixed.get() : SourceFormat.detectOrFail(job[0]);
          try (Progress p = Progress.start("ingest " + job[0].getFileName() + " (rows)", -1)) {
            return Ingester.ingest(job[0], job[1], f, options, given, p::stepTo);
          }
        }));
      }
      // A bad input does not stop the others: each failure is one line, and the exit code says there was one.
      for (Future<Ingester.Summary> fu : futures) {
        Ingester.Summary s;
        try {
          s = get(fu);
        } catch (BadInputException | IOException | java.io.UncheckedIOException e) {
          failed++;
          err.println("migreplay: error: " + Migreplay.message(e));
          continue;
        }
        out.printf(Locale.US, "%s -> %s (%s): %d rows in, %d written, %d duplicates dropped, %.2f s, %.0f rows/s%s%n",
            s.input(), s.output(), s.format().label() + (s.parser().isEmpty() ? "" : ", " + s.parser()), s.rowsIn(), s.rowsWritten(), s.rowsIn() - s.rowsWritten(),
            s.seconds(), s.rowsIn() / Math.max(1e-9, s.seconds()),
            s.spilledRuns() > 0 ? " (sorted out of core in " + s.spilledRuns() + " runs)" : "");
      }
    } finally {
      pool.shutdownNow();
    }
    if (failed > 0 && jobs.size() > 1) {
      err.printf("migreplay: %d of %d inputs failed; the others were ingested%n", failed, jobs.size());
    }
    return failed > 0 ? Migreplay.EXIT_BAD_DATA : 0;
  }

  /** The trace metadata key that records the options that shaped it; a change makes the output stale. */
  static final String INGEST_OPTIONS = "ingest_options";

  /** Every option that shapes an output, in one canonical string (sorted keys). */
  private String shaping(Optional<SourceFormat> fixed, Map<String, String> given) {
    Map<String, String> m = new java.util.TreeMap<>(given);
    m.put("--format", fixed.map(SourceFormat::label).orElse("detected"));
    m.put("--epoch-us", epochUs == null ? "" : epochUs.toString());
    m.put("--initial-nonzero", initialNonzero == null ? "" : initialNonzero.toString());
    m.put("--memslots", memslots == null ? "" : memslots.toString());
    m.put("--zstd-level", Integer.toString(zstdLevel));
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
    return b.toString();
  }

  private Map<String, String> given() {
    Map<String, String> g = new LinkedHashMap<>(meta);
    if (pageSize != null) {
      g.put("page_size", pageSize.toString());
    }
    if (ramPages != null) {
      g.put("ram_ranges", "0-" + ramPages);
    }
    if (ramRanges != null) {
      g.put("ram_ranges", ramRanges);
    }
    if (durationUs != null) {
      g.put("duration_us", durationUs.toString());
    }
    if (resolutionUs != null) {
      g.put("resolution_us", resolutionUs.toString());
    }
    if (hypervisor != null) {
      g.put("hypervisor", hypervisor);
    }
    if (workload != null) {
      g.put("workload", workload);
    }
    migreplay.trace.TraceMetadata.Builder check = migreplay.trace.TraceMetadata.builder();
    for (Map.Entry<String, String> e : g.entrySet()) {
      String option = meta.containsKey(e.getKey()) ? "--meta" : "--" + e.getKey().replace('_', '-');
      if (e.getKey().equals("source_format") || e.getKey().equals("source_sha256")) {
        throw Converters.invalid(spec, option, e.getKey() + "=" + e.getValue(), e.getKey() + " is filled in by ingest");
      }
      Converters.check(spec, option, option.equals("--meta") ? e.getKey() + "=" + e.getValue() : e.getValue(),
          () -> check.set(e.getKey(), e.getValue()));
    }
    return g;
  }

  /** Pairs of (input, output). */
  private List<Path[]> jobs(Optional<SourceFormat> fixed) throws IOException {
    List<Path> sources = new ArrayList<>();
    for (Path in : inputs) {
      if (!Files.exists(in)) {
        throw new java.nio.file.NoSuchFileException(in.toString(), null, "no such input");
      }
      boolean bitmapDir = Files.isDirectory(in) && (fixed.orElse(null) == SourceFormat.BITMAP_DIR
          || Files.isRegularFile(in.resolve("index.csv")));
      if (Files.isDirectory(in) && !bitmapDir) {
        try (Stream<Path> s = Files.list(in)) {
          List<Path> found = new ArrayList<>();
          for (Path p : s.sorted().toList()) {
            if (fixed.isPresent() ? !p.getFileName().toString().endsWith(".meta.json") && !Files.isDirectory(p)
                : SourceFormat.detect(p).isPresent()) {
              found.add(p);
            }
          }
          if (found.isEmpty()) {
            throw new BadInputException(in.toString(), "no recognised trace sources in this directory");
          }
          sources.addAll(found);
        }
      } else {
        sources.add(in);
      }
    }
    for (Path in : inputs) {
      if (Files.exists(output) && Files.isSameFile(output, in)) {
        throw Converters.invalid(spec, "--output", null, output + " is the input itself; name another file");
      }
    }
    boolean toDir = sources.size() > 1 || Files.isDirectory(output) || !output.toString().endsWith(".arrow");
    List<Path[]> jobs = new ArrayList<>();
    for (Path s : sources) {
      Path out = toDir ? output.resolve(stem(s) + TraceFiles.SUFFIX) : output;
      if (Files.exists(out) && Files.isSameFile(out, s)) {
        throw Converters.invalid(spec, "--output", null, out + " is the input itself; name another file");
      }
      AtomicOutput.checkWritable(out);
      jobs.add(new Path[] {s, out});
    }
    return jobs;
  }

  static String stem(Path input) {
    String n = input.getFileName().toString();
    String lower = n.toLowerCase(Locale.ROOT);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String suffix : new String[] {".gz", ".zst", ".csv", ".txt", ".trace", ".dat", ".log"}) {
        if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
          n = n.substring(0, n.length() - suffix.length());
          lower = lower.substring(0, lower.length() - suffix.length());
          changed = true;
        }
      }
    }
    return n;
  }

  /**
   * The output is newer than the input, its sidecar and the memslot table (for a directory: its files), and
   * was written with the same options.
   */
  private static boolean upToDate(Path input, Path output, IngestOptions options, String shaping) throws IOException {
    if (!Files.isRegularFile(output)
        || Files.getLastModifiedTime(output).compareTo(Ingester.lastModified(input, options)) <= 0) {
      return false;
    }
    try (migreplay.trace.TraceReader r = migreplay.trace.TraceReader.open(output)) {
      return shaping.equals(r.metadata().toMap().get(INGEST_OPTIONS));
    } catch (IOException | RuntimeException e) {
      return false; // not a trace we can read: write it again
    }
  }

  private static Ingester.Summary get(Future<Ingester.Summary> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }
}
