package migreplay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import migreplay.replay.params.Units;
import tech.tablesaw.api.Table;

/**
 * Notes where algorithms of two hypervisors meet in a comparison (a QEMU run against a Xen baseline or the
 * reverse): what differs in their accounting, with the numbers of these results, so that a reader does not
 * take a difference of accounting for a difference of algorithm.
 * <ul>
 *   <li>zero pages: QEMU sends a page of zeros as a 9-byte record, Xen 3.3.0 every page whole; the note gives
 *       the share of QEMU's pages that were zero and the data reduction had they been sent whole;
 *   <li>bandwidth caps: QEMU's {@code max_bandwidth} caps its live rounds, Xen's pre-copy uses the whole link;
 *       the note gives the cap against the link and the time QEMU's data takes at the cap alone;
 *   <li>host costs: QEMU's times include modelled host work (setup, syncs, page scanning, stopping the guest),
 *       Xen's are bits ÷ bandwidth.
 * </ul>
 * A run's family is read from its columns: QEMU runs have {@code zero_pages}, Xen's have {@code hot_pages}.
 */
final class AccountingNotes {
  /** QEMU's zero-page record: 8-byte header with the zero flag and 1 byte of content. */
  static final int QEMU_ZERO_PAGE_BYTES = 9;

  private AccountingNotes() {}

  /** Whether the algorithm's runs carry QEMU's counters. */
  static boolean qemu(Table comparison, String algorithm) {
    for (int i = 0; i < comparison.rowCount(); i++) {
      if (comparison.stringColumn("algorithm").get(i).equals(algorithm) && !comparison.longColumn("zero_pages").isMissing(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The notes, empty when no compared pair of runs crosses hypervisors.
   *
   * @param runs the results' runs (for each run's parameters)
   */
  static List<String> notes(Table comparison, Map<String, String> labels) {
    Map<Long, Integer> byRun = new LinkedHashMap<>();
    for (int i = 0; i < comparison.rowCount(); i++) {
      byRun.put(comparison.longColumn("run_id").get(i), i);
    }
    // Compared pairs (run, its baseline) where exactly one side is QEMU's, per QEMU label and link.
    Map<String, Map<Long, List<int[]>>> pairs = new LinkedHashMap<>();
    Map<String, Boolean> isQemu = new LinkedHashMap<>();
    for (int i = 0; i < comparison.rowCount(); i++) {
      if (!comparison.stringColumn("compared").get(i).equals(Comparison.COMPARED)) {
        continue;
      }
      int b = byRun.get(comparison.longColumn("base_run_id").get(i));
      boolean q = isQemu.computeIfAbsent(comparison.stringColumn("algorithm").get(i), a -> qemu(comparison, a));
      boolean bq = isQemu.computeIfAbsent(comparison.stringColumn("algorithm").get(b), a -> qemu(comparison, a));
      if (q == bq) {
        continue;
      }
      int qemuRow = q ? i : b;
      int xenRow = q ? b : i;
      pairs.computeIfAbsent(Decision.label(comparison, labels, qemuRow) + "\u0000"
              + Decision.label(comparison, labels, xenRow), k -> new TreeMap<>())
          .computeIfAbsent(comparison.longColumn("bandwidth_bps").get(i), k -> new ArrayList<>())
          .add(new int[] {qemuRow, xenRow});
    }
    List<String> out = new ArrayList<>();
    pairs.forEach((names, byLink) -> {
      String qemuLabel = names.substring(0, names.indexOf('\u0000'));
      String xenLabel = names.substring(names.indexOf('\u0000') + 1);
      out.add(zeroPages(comparison, qemuLabel, xenLabel, byLink));
      String cap = cap(comparison, qemuLabel, xenLabel, byLink);
      if (cap != null) {
        out.add(cap);
      }
      out.add(hostCosts(comparison, qemuLabel, xenLabel, byLink.values().iterator().next().get(0)[0]));
    });
    return out;
  }

  private static String zeroPages(Table c, String qemuLabel, String xenLabel, Map<Long, List<int[]>> byLink) {
    List<String> links = new ArrayList<>();
    for (Map.Entry<Long, List<int[]>> e : byLink.entrySet()) {
      double zero = 0;
      double pagesMib = 0;
      double qemuMib = 0;
      double wholeMib = 0;
      double xenMib = 0;
      for (int[] p : e.getValue()) {
        long z = c.longColumn("zero_pages").isMissing(p[0]) ? 0 : c.longColumn("zero_pages").get(p[0]);
        long whole = c.longColumn("page_size").get(p[1]) + c.longColumn("page_header_bytes").get(p[1]);
        zero += z;
        qemuMib += c.doubleColumn("data_mib").get(p[0]);
        wholeMib += c.doubleColumn("data_mib").get(p[0]) + z * (whole - QEMU_ZERO_PAGE_BYTES) / 1048576.0;
        xenMib += c.doubleColumn("data_mib").get(p[1]);
        pagesMib += z * whole / 1048576.0;
      }
      links.add(String.format(Locale.US, "at %s %,.0f zero pages (%.1f MiB had they been sent whole): %s sends %s "
          + "data than %s, %s counted whole", Units.formatBandwidth(e.getKey()), zero, pagesMib, qemuLabel,
          Verdicts.change(reduction(xenMib, qemuMib)), xenLabel, Verdicts.change(reduction(xenMib, wholeMib))));
    }
    return String.format(Locale.US, "Zero pages: %s sends a page of zeros as a %d-byte record, %s every page whole "
        + "(page and header); pooled over the compared runs, %s.", qemuLabel, QEMU_ZERO_PAGE_BYTES, xenLabel,
        String.join("; ", links));
  }

  private static String cap(Table c, String qemuLabel, String xenLabel, Map<Long, List<int[]>> byLink) {
    List<String> links = new ArrayList<>();
    for (Map.Entry<Long, List<int[]>> e : byLink.entrySet()) {
      int[] first = e.getValue().get(0);
      String value = ParamSets.parse(c.stringColumn("params").get(first[0])).get("max_bandwidth");
      if (value == null) {
        return null;
      }
      long capBytes;
      try {
        capBytes = Units.bytesPerSecond(value);
      } catch (IllegalArgumentException ex) {
        return null;
      }
      if (capBytes == 0) {
        continue;
      }
      long link = e.getKey();
      double capBits = capBytes * 8.0;
      if (capBits >= link) {
        links.add(String.format(Locale.US, "at %s the cap (%s) is above the link, which limits both",
            Units.formatBandwidth(link), Units.formatBandwidth((long) capBits)));
        continue;
      }
      double liveMib = 0;
      double qemuTime = 0;
      double xenTime = 0;
      for (int[] p : e.getValue()) {
        double last = c.longColumn("downtime_bytes").isMissing(p[0]) ? 0 : c.longColumn("downtime_bytes").get(p[0]);
        liveMib += c.doubleColumn("data_mib").get(p[0]) - last / 1048576.0;
        qemuTime += c.doubleColumn("total_time_s").get(p[0]);
        xenTime += c.doubleColumn("total_time_s").get(p[1]);
      }
      int n = e.getValue().size();
      links.add(String.format(Locale.US, "at %s the cap is %.0f%% of the link: the %.1f MiB %s sent%s before its last "
          + "pass take at least %.3f s at the cap (its whole migration took %.3f s), %s's whole migration %.3f s",
          Units.formatBandwidth(link), 100 * capBits / link, liveMib / n, qemuLabel, n > 1 ? " (mean per run)" : "",
          liveMib / n * 1048576.0 / capBytes, qemuTime / n, xenLabel, xenTime / n));
    }
    if (links.isEmpty()) {
      return null;
    }
    String value = ParamSets.parse(c.stringColumn("params").get(byLink.values().iterator().next().get(0)[0]))
        .get("max_bandwidth");
    return String.format(Locale.US, "Bandwidth caps: %s caps its live rounds at max_bandwidth=%s (%s; its last pass "
        + "runs at the link's speed), %s uses the whole link: %s.", qemuLabel, value,
        Units.formatBandwidth(Units.bytesPerSecond(value) * 8), xenLabel, String.join("; ", links));
  }

  private static String hostCosts(Table c, String qemuLabel, String xenLabel, int qemuRow) {
    Map<String, String> p = ParamSets.parse(c.stringColumn("params").get(qemuRow));
    List<String> costs = new ArrayList<>();
    for (String[] k : new String[][] {{"setup_time", "setup "}, {"sync_time", "each sync "},
        {"stop_time", "stopping the guest (inside the downtime) "}}) {
      if (p.containsKey(k[0])) {
        costs.add(k[1] + p.get(k[0]));
      }
    }
    if (p.containsKey("zero_page_rate") && p.containsKey("normal_page_rate")) {
      costs.add("pages scanned at " + p.get("zero_page_rate") + " zero and " + p.get("normal_page_rate")
          + " normal pages/s");
    }
    return String.format(Locale.US, "Host costs: %s's times include modelled host work (%s); %s's times are the "
        + "bits sent ÷ the bandwidth, with no host cost.", qemuLabel, costs.isEmpty() ? "its host-cost parameters"
        : String.join(", ", costs), xenLabel);
  }

  private static double reduction(double base, double value) {
    return base == 0 ? Double.NaN : (base - value) / base * 100;
  }
}
