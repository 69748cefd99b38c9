package migreplay.ingest.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.LongConsumer;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceWriter;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Deterministic synthetic traces: a mix of {@link WriterSpec writers} over a guest, epoch by epoch. Each
 * epoch's pages are generated, sorted and deduplicated, then written with t = epoch start, so a trace of
 * any length streams through {@link TraceWriter} with one epoch in memory. The same seed gives the same
 * trace byte for byte.
 *
 * @param ram guest RAM
 * @param durationUs trace length
 * @param epochUs epoch length (the trace's resolution)
 * @param seed random seed; writer i uses seed + i
 * @param writers the mix
 */
public record SyntheticTrace(RamRanges ram, long durationUs, long epochUs, long seed, List<WriterSpec> writers) {
  /** The most writes one writer may make in an epoch (the Poisson sampler's limit is about 2^30). */
  public static final long MAX_WRITES_PER_EPOCH = 1L << 28;

  public SyntheticTrace {
    writers = List.copyOf(writers);
    if (writers.isEmpty()) {
      throw new IllegalArgumentException("give at least one writer (hot:, cold:, sweep: or zipf:)");
    }
    if (epochUs < 1 || durationUs < epochUs) {
      throw new IllegalArgumentException("need 1 <= epoch <= duration, found epoch " + epochUs + " us, duration "
          + durationUs + " us");
    }
    if (ram.pageCount() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most 2^31 RAM pages (8 TiB)");
    }
    for (WriterSpec w : writers) {
      double perEpoch = w.get("rate") * epochUs / 1e6;
      if (perEpoch > MAX_WRITES_PER_EPOCH) {
        throw new IllegalArgumentException("writer " + w + " makes " + String.format(java.util.Locale.US, "%.3g", perEpoch)
            + " writes per epoch; at most " + MAX_WRITES_PER_EPOCH + " (lower the rate or the epoch)");
      }
      long end = (long) w.get("offset") + (long) w.get("pages");
      if (end > ram.pageCount()) {
        throw new IllegalArgumentException("writer " + w + " reaches past the guest's " + ram.pageCount() + " pages");
      }
    }
  }

  /** A one-line description for the trace's metadata. */
  public String describe() {
    StringJoiner j = new StringJoiner(" ");
    writers.forEach(w -> j.add(w.toString()));
    return "synthetic: " + j + " seed=" + seed;
  }

  /**
   * Writes the trace.
   *
   * @param metadata extra provenance (workload, notes ...); RAM, duration and resolution come from this spec
   * @param progress receives the number of epochs written so far
   * @return rows written
   */
  public long write(Path out, TraceMetadata.Builder metadata, LongConsumer progress) throws IOException {
    TraceMetadata meta = metadata.ramRanges(ram).durationUs(durationUs).resolutionUs(epochUs)
        .sourceFormat("synth").recordedBy("migreplay synth").notes(describe()).build();
    List<Generator> gens = new ArrayList<>();
    for (int i = 0; i < writers.size(); i++) {
      gens.add(new Generator(writers.get(i), RandomSource.SPLIT_MIX_64.create(seed + i), epochUs,
          ram.pageCount()));
    }
    long epochs = (durationUs + epochUs - 1) / epochUs;
    long[] buf = new long[1024];
    try (TraceWriter w = TraceWriter.create(out, meta)) {
      for (long e = 0; e < epochs; e++) {
        int n = 0;
        for (Generator g : gens) {
          buf = g.epoch(buf, n);
          n = g.count;
        }
        Arrays.sort(buf, 0, n);
        long t = e * epochUs;
        long prev = -1;
        for (int i = 0; i < n; i++) {
          if (buf[i] != prev) {
            w.write(t, ram.pfnAt(buf[i]));
            prev = buf[i];
          }
        }
        if ((e & 255) == 0 || e == epochs - 1) {
          progress.accept(e + 1);
        }
      }
      return w.rowCount();
    }
  }

  /** One writer's state; {@link #epoch} appends one epoch's RAM page indices to a buffer. */
  private static final class Generator {
    private final WriterSpec spec;
    private final UniformRandomProvider rnd;
    private final double perEpoch;
    private final long ramPages;
    private final DiscreteSampler poisson;
    private final DiscreteSampler zipf;
    private long cursor;
    private double carry;
    int count;

    Generator(WriterSpec spec, UniformRandomProvider rnd, long epochUs, long ramPages) {
      this.spec = spec;
      this.rnd = rnd;
      this.ramPages = ramPages;
      this.perEpoch = spec.get("rate") * epochUs / 1e6;
      this.poisson = perEpoch > 0 && spec.kind() != WriterSpec.Kind.SWEEP ? PoissonSampler.of(rnd, perEpoch) : null;
      this.zipf = spec.kind() == WriterSpec.Kind.ZIPF && spec.get("pages") >= 1
          ? RejectionInversionZipfSampler.of(rnd, (int) spec.get("pages"), spec.get("s")) : null;
      this.cursor = (long) spec.get("offset");
    }

    long[] epoch(long[] buf, int start) {
      count = start;
      switch (spec.kind()) {
        case HOT -> {
          long offset = (long) spec.get("offset");
          long pages = (long) spec.get("pages");
          double p = spec.get("p");
          for (long i = 0; i < pages; i++) {
            if (rnd.nextDouble() < p) {
              buf = add(buf, offset + i);
            }
          }
        }
        case COLD -> {
          int n = poisson == null ? 0 : poisson.sample();
          for (int i = 0; i < n; i++) {
            buf = add(buf, rnd.nextLong(ramPages));
          }
        }
        case SWEEP -> {
          carry += perEpoch;
          long n = (long) carry;
          carry -= n;
          for (long i = 0; i < Math.min(n, ramPages); i++) {
            buf = add(buf, cursor);
            cursor = cursor + 1 == ramPages ? 0 : cursor + 1;
          }
        }
        case ZIPF -> {
          int n = poisson == null || zipf == null ? 0 : poisson.sample();
          long offset = (long) spec.get("offset");
          for (int i = 0; i < n; i++) {
            buf = add(buf, offset + zipf.sample() - 1);
          }
        }
      }
      return buf;
    }

    private long[] add(long[] buf, long page) {
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[count++] = page;
      return buf;
    }
  }
}
