package migreplay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import migreplay.replay.params.Units;
import tech.tablesaw.api.Table;

/**
 * The report's sentences: a headline a capacity planner can quote (who wins where, by how much, at what
 * downtime cost, against the paper, and whether it rests on looped traces), and the comparison with the
 * paper's published figures per parameter set and link.
 */
final class Verdicts {
  /** The paper's published averages (Ma, Liu, Liu, ICSESS 2010, abstract). */
  static final double PAPER_DATA_REDUCTION = 34.0;
  static final double PAPER_TIME_REDUCTION = 32.5;
  static final int PAPER_MAX_ROUNDS = 5;
  /** How close (percentage points) our average must be to the paper's to "agree". */
  static final double AGREEMENT_PP = 5.0;
  static final String PAPER_ALGORITHM = "improved-precopy";
  /** At most this many algorithm/parameter sets get a sentence of the headline. */
  static final int HEADLINE_SETS = 2;

  private Verdicts() {}

  /** Rows of {@code averages} per (algorithm, params), in table order (sorted by bandwidth within). */
  static Map<String, List<Integer>> sets(Table averages) {
    Map<String, List<Integer>> sets = new LinkedHashMap<>();
    for (int i = 0; i < averages.rowCount(); i++) {
      sets.computeIfAbsent(Comparison.labelKey(averages.stringColumn("algorithm").get(i),
          averages.stringColumn("params").get(i)), k -> new ArrayList<>()).add(i);
    }
    return sets;
  }

  /** Three or four sentences. */
  static List<String> headline(Table comparison, Table averages, Map<String, String> labels, String baseline) {
    List<String> out = new ArrayList<>();
    Map<String, List<Integer>> sets = sets(averages);
    if (sets.isEmpty()) {
      out.add("No run could be compared with a finished " + baseline + " run on the same trace and link.");
    }
    // The paper's algorithm first, then the sets that save the most data: those are what a planner asks about.
    List<String> keys = new ArrayList<>(sets.keySet());
    keys.sort((a, b) -> {
      int c = Boolean.compare(b.startsWith(PAPER_ALGORITHM + "\u0000"), a.startsWith(PAPER_ALGORITHM + "\u0000"));
      return c != 0 ? c : Double.compare(meanOf(averages, sets.get(b)), meanOf(averages, sets.get(a)));
    });
    for (String k : keys.subList(0, Math.min(HEADLINE_SETS, keys.size()))) {
      out.add(setSentence(averages, sets.get(k), labels.get(k), baseline));
    }
    if (keys.size() > HEADLINE_SETS) {
      String last = out.remove(out.size() - 1);
      out.add(last.substring(0, last.length() - 1) + "; " + (keys.size() - HEADLINE_SETS)
          + " more algorithm and parameter sets are in the tables below.");
    }
    String paper = paperSentence(averages, labels, sets);
    if (paper != null) {
      out.add(paper);
    }
    out.add(loopSentence(comparison));
    return out;
  }

  /**
   * "improved-precopy sends 24.4% less data than xen-precopy at 100Mbit, 4.5% at 1Gbit (total time likewise),
   * and its downtime is longer in 7 of 15 runs, by up to 86.0 ms."
   */
  private static String setSentence(Table averages, List<Integer> rows, String label, String baseline) {
    List<String> data = new ArrayList<>();
    List<String> time = new ArrayList<>();
    boolean likewise = true;
    int runs = 0;
    int worse = 0;
    double maxWorse = 0;
    for (int r : rows) {
      double d = averages.doubleColumn("data_reduction_pct").get(r);
      double t = averages.doubleColumn("time_reduction_pct").get(r);
      String link = Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r));
      data.add(!data.isEmpty() ? change(d) + " at " + link
          : change(d) + " data " + (change(d).equals("the same") ? "as " : "than ") + baseline + " at " + link);
      time.add(change(t) + " at " + link);
      likewise &= change(d).equals(change(t));
      runs += averages.intColumn("runs").get(r);
      worse += averages.intColumn("downtime_worse_runs").get(r);
      maxWorse = Math.max(maxWorse, averages.doubleColumn("downtime_change_max_ms").get(r));
    }
    return String.format(Locale.US, "%s sends %s (total time %s), %s its downtime is longer in %d of %d runs%s.",
        label, String.join(", ", data), likewise ? "likewise" : String.join(", ", time),
        worse * 2 > runs ? "but" : "and", worse, runs, worse == 0 ? "" : ", by up to " + duration(maxWorse));
  }

  /** Milliseconds below 10 s, seconds above. */
  static String duration(double ms) {
    return ms < 10_000 ? String.format(Locale.US, "%.1f ms", ms) : String.format(Locale.US, "%.1f s", ms / 1000);
  }

  private static double meanOf(Table averages, List<Integer> rows) {
    return rows.stream().mapToDouble(r -> averages.doubleColumn("data_reduction_pct").get(r))
        .filter(d -> !Double.isNaN(d)).average().orElse(Double.NEGATIVE_INFINITY);
  }

  /** "24.4% less", "3.0% more", "the same". */
  static String change(double reductionPct) {
    if (Double.isNaN(reductionPct)) {
      return "no comparable";
    }
    if (Math.abs(reductionPct) < 0.05) {
      return "the same";
    }
    return String.format(Locale.US, "%.1f%% %s", Math.abs(reductionPct), reductionPct > 0 ? "less" : "more");
  }

  /** The paper's claim against our improved-precopy with the paper's rule (or its first parameter set). */
  private static String paperSentence(Table averages, Map<String, String> labels, Map<String, List<Integer>> sets) {
    String key = null;
    for (String k : sets.keySet()) {
      boolean paperRule = k.contains("hot_policy=paper");
      if (k.startsWith(PAPER_ALGORITHM + "\u0000") && (key == null || paperRule && !key.contains("hot_policy=paper"))) {
        key = k;
      }
    }
    if (key == null) {
      return null;
    }
    List<String> agree = new ArrayList<>();
    for (int r : sets.get(key)) {
      if (agrees(averages.doubleColumn("data_reduction_pct").get(r), PAPER_DATA_REDUCTION)
          && agrees(averages.doubleColumn("time_reduction_pct").get(r), PAPER_TIME_REDUCTION)) {
        agree.add(Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r)));
      }
    }
    return String.format(Locale.US, "The paper reports %.0f%% less data and %.1f%% less time; %s comes within "
        + "%.0f points of both %s.", PAPER_DATA_REDUCTION, PAPER_TIME_REDUCTION, labels.get(key), AGREEMENT_PP,
        agree.isEmpty() ? "on no link" : "only at " + String.join(", ", agree));
  }

  private static boolean agrees(double ours, double paper) {
    return !Double.isNaN(ours) && Math.abs(ours - paper) <= AGREEMENT_PP;
  }

  private static String loopSentence(Table comparison) {
    int looped = 0;
    long maxLaps = 1;
    TreeSet<Long> links = new TreeSet<>();
    for (int i = 0; i < comparison.rowCount(); i++) {
      long laps = comparison.longColumn("trace_laps").get(i);
      if (laps > 1) {
        looped++;
        maxLaps = Math.max(maxLaps, laps);
        links.add(comparison.longColumn("bandwidth_bps").get(i));
      }
    }
    if (looped == 0) {
      return "No run outlasted its trace: every figure rests on recorded behaviour.";
    }
    List<String> names = links.stream().map(Units::formatBandwidth).toList();
    return String.format(Locale.US, "%d of %d runs outlasted their trace and replayed it (up to %d times, at %s): "
        + "conclusions there rest on a looped recording; --trace-end idle or a longer trace checks them.",
        looped, comparison.rowCount(), maxLaps, String.join(", ", names));
  }

  /** Per parameter set of the paper's algorithm and per link: ours against the paper's figures. */
  static List<String> paper(Table averages, Map<String, String> labels, String baseline) {
    List<String> lines = new ArrayList<>();
    Map<String, List<Integer>> sets = sets(averages);
    for (Map.Entry<String, List<Integer>> e : sets.entrySet()) {
      if (!e.getKey().startsWith(PAPER_ALGORITHM + "\u0000")) {
        continue;
      }
      List<String> links = new ArrayList<>();
      double maxRounds = 0;
      for (int r : e.getValue()) {
        double d = averages.doubleColumn("data_reduction_pct").get(r);
        double t = averages.doubleColumn("time_reduction_pct").get(r);
        links.add(String.format(Locale.US, "%s: data %s, time %s (%s)",
            Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r)), TableFormat.signed(d),
            TableFormat.signed(t), agrees(d, PAPER_DATA_REDUCTION) && agrees(t, PAPER_TIME_REDUCTION) ? "agrees"
                : "does not agree"));
        maxRounds = Math.max(maxRounds, averages.doubleColumn("max_rounds").get(r));
      }
      lines.add(String.format(Locale.US, "%s against %s, reductions in %% (paper: data +%.1f, time +%.1f; within "
          + "±%.0f points counts as agreement): %s.", labels.get(e.getKey()), baseline, PAPER_DATA_REDUCTION,
          PAPER_TIME_REDUCTION, AGREEMENT_PP, String.join("; ", links)));
      lines.add(String.format(Locale.US, "%s rounds: at most %.0f, the paper reports at most %d (its abstract's "
          + "sentence is cut off in the only copy found): %s.", labels.get(e.getKey()), maxRounds, PAPER_MAX_ROUNDS,
          maxRounds <= PAPER_MAX_ROUNDS ? "agrees" : "does not agree"));
    }
    if (lines.isEmpty()) {
      lines.add("No " + PAPER_ALGORITHM + " run was compared with " + baseline + ": nothing to set against the "
          + "paper.");
    }
    return lines;
  }
}
