package migreplay.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import migreplay.io.BadInputException;

/**
 * The schema metadata of a canonical trace (DESIGN.md, "The canonical trace"). Keys the format defines are
 * fields; any other key (provenance such as {@code kernel} or {@code workload_command}) is kept in
 * {@link #extra()} and written back unchanged.
 *
 * @param pageSize bytes per page, a power of two
 * @param ramRanges guest RAM as pfn ranges
 * @param durationUs length of the recording in microseconds; quiet time at the end counts
 * @param resolutionUs the recorder's time granularity (epoch length for bitmap sources, 1 for exact times)
 * @param hypervisor {@code xen}, {@code kvm}, {@code qemu-tcg} or {@code unknown}
 * @param sourceFormat the format ingested from, or empty
 * @param sourceSha256 SHA-256 of the source input, or empty
 * @param workload free text provenance
 * @param guest free text provenance
 * @param recordedBy free text provenance
 * @param notes free text provenance
 * @param initialNonzero the pages with non-zero content when the recording begins, or null when the source
 *     could not know them (key {@code initial_nonzero}, {@link PageSet}'s encoding); inside ram_ranges
 * @param extra every other key, sorted
 */
public record TraceMetadata(
    int pageSize,
    RamRanges ramRanges,
    long durationUs,
    long resolutionUs,
    String hypervisor,
    String sourceFormat,
    String sourceSha256,
    String workload,
    String guest,
    String recordedBy,
    String notes,
    PageSet initialNonzero,
    SortedMap<String, String> extra) {

  public static final String FORMAT_VERSION = "1";
  public static final String KEY_VERSION = "migreplay.version";
  public static final String KEY_PAGE_SIZE = "page_size";
  public static final String KEY_RAM_RANGES = "ram_ranges";
  public static final String KEY_DURATION_US = "duration_us";
  public static final String KEY_RESOLUTION_US = "resolution_us";
  public static final String KEY_HYPERVISOR = "hypervisor";
  public static final String KEY_SOURCE_FORMAT = "source_format";
  public static final String KEY_SOURCE_SHA256 = "source_sha256";
  public static final String KEY_WORKLOAD = "workload";
  public static final String KEY_GUEST = "guest";
  public static final String KEY_RECORDED_BY = "recorded_by";
  public static final String KEY_NOTES = "notes";
  public static final String KEY_INITIAL_NONZERO = "initial_nonzero";
  /** Key saying whether reads are recorded (value {@link #READS_RECORDED}); absent: writes only. */
  public static final String KEY_READS = "reads";
  public static final String READS_RECORDED = "recorded";

  /** The hypervisors a trace may name. */
  public static final Set<String> HYPERVISORS = Set.of("xen", "kvm", "qemu-tcg", "unknown");

  private static final Set<String> DEFINED_KEYS = Set.of(KEY_VERSION, KEY_PAGE_SIZE, KEY_RAM_RANGES,
      KEY_DURATION_US, KEY_RESOLUTION_US, KEY_HYPERVISOR, KEY_SOURCE_FORMAT, KEY_SOURCE_SHA256, KEY_WORKLOAD,
      KEY_GUEST, KEY_RECORDED_BY, KEY_NOTES, KEY_INITIAL_NONZERO);

  public TraceMetadata {
    if (pageSize <= 0 || Integer.bitCount(pageSize) != 1) {
      throw new IllegalArgumentException(KEY_PAGE_SIZE + ": expected a positive power of two, found " + pageSize);
    }
    if (ramRanges == null) {
      throw new IllegalArgumentException(KEY_RAM_RANGES + ": missing");
    }
    if (durationUs <= 0) {
      throw new IllegalArgumentException(KEY_DURATION_US + ": expected a positive number, found " + durationUs);
    }
    if (resolutionUs <= 0) {
      throw new IllegalArgumentException(KEY_RESOLUTION_US + ": expected a positive number, found " + resolutionUs);
    }
    if (!HYPERVISORS.contains(hypervisor)) {
      throw new IllegalArgumentException(
          KEY_HYPERVISOR + ": expected one of xen, kvm, qemu-tcg, unknown, found " + migreplay.io.Quote.of(hypervisor));
    }
    sourceFormat = nullToEmpty(sourceFormat);
    sourceSha256 = nullToEmpty(sourceSha256);
    workload = nullToEmpty(workload);
    guest = nullToEmpty(guest);
    recordedBy = nullToEmpty(recordedBy);
    notes = nullToEmpty(notes);
    if (initialNonzero != null && initialNonzero.firstOutside(ramRanges) >= 0) {
      throw new IllegalArgumentException(KEY_INITIAL_NONZERO + ": pfn " + initialNonzero.firstOutside(ramRanges)
          + " is outside ram_ranges " + ramRanges);
    }
    SortedMap<String, String> copy = new TreeMap<>(extra == null ? Map.of() : extra);
    for (String key : copy.keySet()) {
      if (DEFINED_KEYS.contains(key)) {
        throw new IllegalArgumentException("extra metadata may not redefine '" + key + "'");
      }
    }
    extra = Collections.unmodifiableSortedMap(copy);
  }

  /** The pages non-zero when the recording begins, when the trace carries them. */
  public java.util.Optional<PageSet> initialNonzeroPages() {
    return java.util.Optional.ofNullable(initialNonzero);
  }

  /**
   * Whether the trace records reads as well as writes: key {@code reads} = {@code recorded} (kept with the other
   * keys in {@link #extra()}), and then a column {@code read} marks the rows that are reads (DESIGN.md, "The
   * canonical trace"). A trace without the key holds writes only.
   */
  public boolean readsRecorded() {
    return READS_RECORDED.equals(extra.get(KEY_READS));
  }

  /** Number of RAM pages. */
  public long ramPages() {
    return ramRanges.pageCount();
  }

  /** The metadata as written into the Arrow schema: defined keys first, then the extra keys sorted. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(KEY_VERSION, FORMAT_VERSION);
    m.put(KEY_PAGE_SIZE, Integer.toString(pageSize));
    m.put(KEY_RAM_RANGES, ramRanges.toString());
    m.put(KEY_DURATION_US, Long.toString(durationUs));
    m.put(KEY_RESOLUTION_US, Long.toString(resolutionUs));
    m.put(KEY_HYPERVISOR, hypervisor);
    m.put(KEY_SOURCE_FORMAT, sourceFormat);
    m.put(KEY_SOURCE_SHA256, sourceSha256);
    m.put(KEY_WORKLOAD, workload);
    m.put(KEY_GUEST, guest);
    m.put(KEY_RECORDED_BY, recordedBy);
    m.put(KEY_NOTES, notes);
    if (initialNonzero != null) {
      m.put(KEY_INITIAL_NONZERO, initialNonzero.encode());
    }
    m.putAll(extra);
    return m;
  }

  /**
   * Reads metadata written by {@link #toMap()} (or by another tool following DESIGN.md).
   *
   * @param origin the file it came from, for messages
   * @throws BadInputException naming the key that is missing or wrong
   */
  public static TraceMetadata fromMap(Map<String, String> map, String origin) {
    if (map == null || map.isEmpty()) {
      throw new BadInputException(origin, "no schema metadata; expected the migreplay trace keys ("
          + KEY_VERSION + ", " + KEY_PAGE_SIZE + ", " + KEY_RAM_RANGES + ", " + KEY_DURATION_US + ", ...)");
    }
    String version = map.get(KEY_VERSION);
    if (version == null) {
      throw new BadInputException(origin, "metadata key '" + KEY_VERSION + "' is missing; not a migreplay trace?");
    }
    if (!FORMAT_VERSION.equals(version)) {
      throw new BadInputException(origin,
          "metadata key '" + KEY_VERSION + "': expected " + FORMAT_VERSION + ", found " + migreplay.io.Quote.of(version));
    }
    Builder b = builder();
    for (String key : new String[] {KEY_PAGE_SIZE, KEY_RAM_RANGES, KEY_DURATION_US, KEY_RESOLUTION_US,
        KEY_HYPERVISOR}) {
      if (!map.containsKey(key)) {
        throw new BadInputException(origin, "metadata key '" + key + "' is missing");
      }
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!e.getKey().equals(KEY_VERSION)) {
        try {
          b.set(e.getKey(), e.getValue());
        } catch (IllegalArgumentException ex) {
          throw new BadInputException(origin, "metadata key " + migreplay.io.Quote.of(e.getKey()) + ": " + ex.getMessage());
        }
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException ex) {
      throw new BadInputException(origin, "metadata " + ex.getMessage());
    }
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.pageSize = pageSize;
    b.ramRanges = ramRanges;
    b.durationUs = durationUs;
    b.resolutionUs = resolutionUs;
    b.hypervisor = hypervisor;
    b.sourceFormat = sourceFormat;
    b.sourceSha256 = sourceSha256;
    b.workload = workload;
    b.guest = guest;
    b.recordedBy = recordedBy;
    b.notes = notes;
    b.initialNonzero = initialNonzero;
    b.extra.putAll(extra);
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Collects metadata from options, sidecars and recorders; {@link #build()} validates. */
  public static final class Builder {
    private int pageSize = 4096;
    private RamRanges ramRanges;
    private long durationUs;
    private long resolutionUs = 1;
    private String hypervisor = "unknown";
    private String sourceFormat = "";
    private String sourceSha256 = "";
    private String workload = "";
    private String guest = "";
    private String recordedBy = "";
    private String notes = "";
    private PageSet initialNonzero;
    private final SortedMap<String, String> extra = new TreeMap<>();

    private Builder() {}

    public Builder pageSize(int v) {
      pageSize = v;
      return this;
    }

    public Builder ramRanges(RamRanges v) {
      ramRanges = v;
      return this;
    }

    public Builder durationUs(long v) {
      durationUs = v;
      return this;
    }

    public Builder resolutionUs(long v) {
      resolutionUs = v;
      return this;
    }

    public Builder hypervisor(String v) {
      hypervisor = v;
      return this;
    }

    public Builder sourceFormat(String v) {
      sourceFormat = v;
      return this;
    }

    public Builder sourceSha256(String v) {
      sourceSha256 = v;
      return this;
    }

    public Builder workload(String v) {
      workload = v;
      return this;
    }

    public Builder guest(String v) {
      guest = v;
      return this;
    }

    public Builder recordedBy(String v) {
      recordedBy = v;
      return this;
    }

    public Builder notes(String v) {
      notes = v;
      return this;
    }

    /** The pages non-zero when the recording begins (null: unknown). */
    public Builder initialNonzero(PageSet v) {
      initialNonzero = v;
      return this;
    }

    public PageSet initialNonzero() {
      return initialNonzero;
    }

    public Builder extra(String key, String value) {
      extra.put(key, value);
      return this;
    }

    public RamRanges ramRanges() {
      return ramRanges;
    }

    public long durationUs() {
      return durationUs;
    }

    public long resolutionUs() {
      return resolutionUs;
    }

    public int pageSize() {
      return pageSize;
    }

    /** An extra (provenance) key's value, or null. */
    public String extraValue(String key) {
      return extra.get(key);
    }

    public String hypervisor() {
      return hypervisor;
    }

    /**
     * Sets a key by its metadata name, parsing numbers and ranges; unknown keys become extra metadata.
     *
     * @throws IllegalArgumentException saying what the value should look like
     */
    public Builder set(String key, String value) {
      switch (key) {
        case KEY_VERSION -> {
          if (!FORMAT_VERSION.equals(value)) {
            throw new IllegalArgumentException("expected " + FORMAT_VERSION + ", found " + migreplay.io.Quote.of(value));
          }
        }
        case KEY_PAGE_SIZE -> pageSize = pageSize(value);
        case KEY_RAM_RANGES -> ramRanges = RamRanges.parse(value);
        case KEY_DURATION_US -> durationUs = parsePositive(value);
        case KEY_RESOLUTION_US -> resolutionUs = parsePositive(value);
        case KEY_HYPERVISOR -> hypervisor = checkHypervisor(value);
        case KEY_SOURCE_FORMAT -> sourceFormat = value;
        case KEY_SOURCE_SHA256 -> sourceSha256 = value;
        case KEY_WORKLOAD -> workload = value;
        case KEY_GUEST -> guest = value;
        case KEY_RECORDED_BY -> recordedBy = value;
        case KEY_NOTES -> notes = value;
        case KEY_INITIAL_NONZERO -> initialNonzero = PageSet.decode(value);
        default -> {
          if (key == null || !key.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("a metadata key is 1 to 64 letters, digits, '_', '.', ':' or '-', found "
                + migreplay.io.Quote.of(key));
          }
          extra.put(key, value);
        }
      }
      return this;
    }

    private static int pageSize(String value) {
      long v = parsePositive(value);
      if (v > 1 << 30 || Long.bitCount(v) != 1) {
        throw new IllegalArgumentException("expected a power of two (bytes per page, e.g. 4096), found "
            + migreplay.io.Quote.of(value));
      }
      return (int) v;
    }

    private static String checkHypervisor(String value) {
      if (!HYPERVISORS.contains(value)) {
        throw new IllegalArgumentException("expected one of xen, kvm, qemu-tcg, unknown, found "
            + migreplay.io.Quote.of(value));
      }
      return value;
    }

    private static long parsePositive(String value) {
      try {
        long v = Long.parseLong(value.trim());
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException | NullPointerException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("expected a positive integer, found " + migreplay.io.Quote.of(value));
    }

    /** @throws IllegalArgumentException naming the first key that is missing or wrong */
    public TraceMetadata build() {
      if (ramRanges == null) {
        throw new IllegalArgumentException(KEY_RAM_RANGES + ": missing (give the guest RAM size)");
      }
      if (durationUs <= 0) {
        throw new IllegalArgumentException(KEY_DURATION_US + ": missing or not positive");
      }
      return new TraceMetadata(pageSize, ramRanges, durationUs, resolutionUs, hypervisor, sourceFormat,
          sourceSha256, workload, guest, recordedBy, notes, initialNonzero, extra);
    }
  }
}
