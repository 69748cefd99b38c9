package migreplay.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import migreplay.io.Quote;
import migreplay.io.BadInputException;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code ftrace}: the text of {@code trace-cmd report} or of {@code /sys/kernel/tracing/trace} with KVM
 * dirty-ring events. Each {@code kvm_dirty_ring_push} line ({@code ring %d: dirty 0x%x reset 0x%x slot %u
 * offset 0x%llx (used %u)}) becomes a row: pfn = base_gfn of the slot (from {@code --memslots}, csv
 * {@code slot,base_gfn,npages}, slot as printed, address-space id in its upper 16 bits) + offset; time =
 * the line's timestamp minus the first event's (the absolute start is kept as {@code t0_host_s}). Other
 * events and {@code #} comment lines are skipped. ../shared/research/algorithms.md §3 has the formats.
 */
final class FtraceSource implements SourceReader {
  /** comm-pid [cpu] flags? seconds.micros: event: info (anchored on -pid [cpu]; comm may hold spaces). */
  static final Pattern LINE = Pattern.compile(
      "^\\s*(.+?)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(?:(\\S{4,5})\\s+)?(\\d+)\\.(\\d+):\\s+(\\w+):\\s+(.*)$");
  static final Pattern PUSH = Pattern.compile(
      "ring (\\d+): dirty 0x([0-9a-fA-F]+) reset 0x([0-9a-fA-F]+) slot (\\d+) offset 0x([0-9a-fA-F]+) \\(used (\\d+)\\)\\s*");

  record Slot(long baseGfn, long npages) {}

  @Override
  public void read(Path input, IngestOptions options, TraceMetadata.Builder meta, RowSink sink) throws IOException {
    if (options.memslots() == null) {
      throw new BadInputException(input.toString(),
          "ftrace input needs --memslots FILE (csv slot,base_gfn,npages) to map (slot, offset) to pfns");
    }
    Map<Long, Slot> slots = readSlots(options.memslots());
    if (meta.ramRanges() == null) {
      meta.ramRanges(ramOf(slots));
    }
    RowBounds bounds = RowBounds.of(meta);
    long t0 = -1;
    long events = 0;
    try (Reader r = Inputs.reader(input); BufferedReader br = new BufferedReader(r, 1 << 16)) {
      String line;
      long lineNo = 0;
      while ((line = br.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.stripLeading().startsWith("#") || !line.contains("kvm_dirty_ring_push")) {
          continue;
        }
        String where = input + ":" + lineNo;
        Matcher m = LINE.matcher(line);
        if (!m.matches() || !m.group(7).equals("kvm_dirty_ring_push")) {
          throw new BadInputException(where, "expected an ftrace line '<task>-<pid> [<cpu>] <flags> <seconds>.<micros>: "
              + "kvm_dirty_ring_push: ring ...', found " + Quote.of(line.strip()));
        }
        Matcher p = PUSH.matcher(m.group(8));
        if (!p.matches()) {
          throw new BadInputException(where, "expected 'ring %d: dirty 0x%x reset 0x%x slot %u offset 0x%llx (used %u)'"
              + ", found " + Quote.of(m.group(8).strip()));
        }
        long us;
        try {
          us = Math.addExact(Math.multiplyExact(Long.parseLong(m.group(5)), 1_000_000L), micros(m.group(6)));
        } catch (NumberFormatException | ArithmeticException e) {
          throw new BadInputException(where, "timestamp " + Quote.of(m.group(5) + "." + m.group(6))
              + " is too large; expected seconds below 2^63 µs");
        }
        if (t0 < 0) {
          t0 = us;
          meta.extra("t0_host_s", m.group(5) + "." + m.group(6));
        }
        if (us < t0) {
          throw new BadInputException(where, "timestamp " + m.group(5) + "." + m.group(6)
              + " is before the first event's; expected time order");
        }
        long slot = Long.parseLong(p.group(4));
        Slot s = slots.get(slot);
        if (s == null) {
          throw new BadInputException(where, "unknown memslot " + slot + "; the --memslots table has " + slots.keySet());
        }
        long offset;
        try {
          offset = Long.parseUnsignedLong(p.group(5), 16);
        } catch (NumberFormatException e) {
          offset = Long.MAX_VALUE;
        }
        if (offset < 0 || offset >= s.npages()) {
          throw new BadInputException(where, "offset 0x" + p.group(5) + " is beyond memslot " + slot + "'s "
              + s.npages() + " pages");
        }
        if (!bounds.holds(us - t0, s.baseGfn() + offset)) {
          throw bounds.failure(where, us - t0, s.baseGfn() + offset);
        }
        sink.accept(us - t0, s.baseGfn() + offset);
        events++;
      }
    }
    if (events == 0) {
      throw new BadInputException(input.toString(), "no kvm_dirty_ring_push events found");
    }
  }

  private static long micros(String fraction) {
    String f = (fraction + "000000").substring(0, 6);
    return Long.parseLong(f);
  }

  static Map<Long, Slot> readSlots(Path file) throws IOException {
    CSVFormat format = Inputs.TABLE_CSV;
    Map<Long, Slot> slots = new HashMap<>();
    try (Reader r = Inputs.textReader(file); CSVParser p = CSVParser.parse(r, format)) {
      for (String col : new String[] {"slot", "base_gfn", "npages"}) {
        if (!p.getHeaderNames().contains(col)) {
          throw new BadInputException(file + ":1", "expected the header slot,base_gfn,npages, found "
              + Quote.of(String.join(",", p.getHeaderNames())));
        }
      }
      for (CSVRecord rec : p) {
        String where = file + ":" + p.getCurrentLineNumber();
        Slot s;
        try {
          long slot = Long.parseLong(rec.get("slot"));
          s = new Slot(number(rec.get("base_gfn")), number(rec.get("npages")));
          if (s.npages() <= 0 || s.baseGfn() < 0 || slots.put(slot, s) != null) {
            throw new NumberFormatException();
          }
        } catch (IllegalArgumentException e) {
          throw new BadInputException(where, "expected slot,base_gfn,npages as integers (decimal or 0x hex, npages > 0,"
              + " each slot once), found " + Quote.of(String.join(",", rec.toList())));
        }
        if (s.baseGfn() > RamRanges.MAX_PFN_SPACE - s.npages()) {
          throw new BadInputException(where, "base_gfn + npages = " + Quote.of(rec.get("base_gfn") + " + "
              + rec.get("npages")) + " overflows the guest's pfn space (at most 2^" + RamRanges.MAX_PFN_SPACE_LOG2
              + " pages)");
        }
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw Inputs.notUtf8(file);
    } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw Inputs.csvFailure(file, e);
    }
    if (slots.isEmpty()) {
      throw new BadInputException(file.toString(), "no memslots; expected rows slot,base_gfn,npages");
    }
    return slots;
  }

  private static long number(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
  }

  /** Guest RAM as the memslots lay it out, overlapping slots merged. */
  private static RamRanges ramOf(Map<Long, Slot> slots) {
    long[][] r = slots.values().stream().map(s -> new long[] {s.baseGfn(), s.baseGfn() + s.npages()})
        .sorted(java.util.Comparator.comparingLong(a -> a[0])).toArray(long[][]::new);
    StringBuilder b = new StringBuilder();
    long start = r[0][0];
    long end = r[0][1];
    for (int i = 1; i < r.length; i++) {
      if (r[i][0] <= end) {
        end = Math.max(end, r[i][1]);
      } else {
        b.append(start).append('-').append(end).append(',');
        start = r[i][0];
        end = r[i][1];
      }
    }
    b.append(start).append('-').append(end);
    return RamRanges.parse(b.toString());
  }
}
