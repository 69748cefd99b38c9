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
  static final int HEADLINE_SETS = 6;

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

  /**
   * The headline: the decision under the downtime objective; per compared parameter set (the paper's algorithm
   * first, then in run order; at most {@link #HEADLINE_SETS}) its data and time against the baseline per link
   * (mean of per-trace reductions, and pooled when they differ), its downtime, and the runs that did not
   * complete; the runs of the baseline that did not complete; the paper's claim; looped traces; and a pointer
   * to the accounting notes when algorithms of two hypervisors meet.
   */
  static List<String> headline(Table comparison, Table averages, Table decision, Map<String, String> labels,
      Baseline baseline, double maxDowntimeMs, boolean accountingNotes) {
    List<String> out = new ArrayList<>();
    out.add(decisionSentence(decision, maxDowntimeMs));
    Map<String, List<Integer>> sets = sets(averages);
    List<String> keys = new ArrayList<>();
    List<Integer> baselineRows = new ArrayList<>();
    sets.forEach((k, rows) -> {
      if (rows.stream().allMatch(r -> averages.booleanColumn("baseline").get(r))) {
        baselineRows.addAll(rows);
      } else {
        keys.add(k);
      }
    });
    if (keys.isEmpty()) {
      out.add("Nothing is compared: every run is of the baseline, " + baseline.label() + ".");
    }
    keys.sort((a, b) -> Boolean.compare(b.startsWith(PAPER_ALGORITHM + "\u0000"), a.startsWith(PAPER_ALGORITHM + "\u0000")));
    boolean severalTraces = comparison.stringColumn("trace").unique().size() > 1;
    for (String k : keys.subList(0, Math.min(HEADLINE_SETS, keys.size()))) {
      out.add(setSentence(averages, sets.get(k), labels.get(k), baseline, severalTraces));
    }
    if (keys.size() > HEADLINE_SETS) {
      String last = out.remove(out.size() - 1);
      out.add(last.substring(0, last.length() - 1) + "; " + (keys.size() - HEADLINE_SETS)
          + " more parameter sets are in the tables below.");
    }
    String unfinishedBaseline = baselineSentence(averages, baselineRows, baseline);
    if (unfinishedBaseline != null) {
      out.add(unfinishedBaseline);
    }
    if (accountingNotes) {
      out.add("Where Xen's and QEMU's algorithms meet, part of the difference is accounting, not algorithm (zero "
          + "pages, bandwidth caps, host costs): see the notes below the averages.");
    }
    String paper = baseline.algorithm().equals(Baseline.DEFAULT_ALGORITHM) && baseline.fixed().isEmpty()
        ? paperSentence(averages, labels, sets) : null;
    if (paper != null) {
      out.add(paper);
    }
    out.add(loopSentence(comparison));
    return out;
  }

  /**
   * "Under a 300 ms downtime objective, the fastest run within it is qemu-precopy at 1Gbit (kvstore) and
   * xen-precopy at 10Gbit; none completes within it at 100Mbit."
   */
  static String decisionSentence(Table decision, double maxDowntimeMs) {
    Map<String, List<String>> byChoice = new LinkedHashMap<>();
    List<String> none = new ArrayList<>();
    boolean severalTraces = decision.stringColumn("trace").unique().size() > 1;
    boolean severalLinks = decision.longColumn("bandwidth_bps").unique().size() > 1;
    for (int i = 0; i < decision.rowCount(); i++) {
      String link = Units.formatBandwidth(decision.longColumn("bandwidth_bps").get(i));
      String where = !severalTraces ? "at " + link : decision.stringColumn("trace").get(i)
          + (severalLinks ? " at " + link : "");
      String choice = decision.stringColumn("recommended").get(i);
      if (choice.isEmpty()) {
        none.add(where);
      } else {
        byChoice.computeIfAbsent(choice, c -> new ArrayList<>()).add(where);
      }
    }
    int pairs = decision.rowCount();
    List<String> parts = new ArrayList<>();
    byChoice.forEach((choice, where) -> parts.add(choice + " " + places(where, pairs)));
    String objective = objective(maxDowntimeMs);
    StringBuilder b = new StringBuilder("Under a " + objective + " downtime objective (--max-downtime)");
    if (severalTraces && !severalLinks) {
      b.append(" at ").append(Units.formatBandwidth(decision.longColumn("bandwidth_bps").get(0)));
    }
    b.append(", ");
    if (!parts.isEmpty()) {
      b.append("the fastest run that completes within it is ").append(String.join("; ", parts));
      if (!none.isEmpty()) {
        b.append("; none completes within it ").append(places(none, pairs));
      }
    } else {
      b.append("no run completes within it ").append(places(none, pairs));
    }
    return b.append(" (the decision table says why).").toString();
  }

  /** "at 1Gbit, 10Gbit", or "on 3 of 10 trace × link pairs" when the list is long. */
  private static String places(List<String> where, int pairs) {
    if (where.size() <= 4) {
      return (where.get(0).startsWith("at ") ? "" : "on ") + String.join(", ", where).replace(", at ", ", ");
    }
    return "on " + where.size() + " of " + pairs + " trace × link pairs";
  }

  /**
   * "improved-precopy against xen-precopy sends 24.4% less data at 100Mbit, 4.5% at 1Gbit (means of per-trace
   * reductions; pooled over bytes 30.1%, 4.0%), total time likewise; its downtime is longer in 7 of 15 compared
   * runs, by up to 86.0 ms; it did not complete in 1 of 16 runs (100Mbit: memwriter), left out of these figures."
   */
  private static String setSentence(Table averages, List<Integer> rows, String label, Baseline baseline,
      boolean severalTraces) {
    List<String> data = new ArrayList<>();
    List<String> pooled = new ArrayList<>();
    List<String> time = new ArrayList<>();
    List<String> uncompared = new ArrayList<>();
    List<String> unfinished = new ArrayList<>();
    boolean likewise = true;
    boolean poolDiffers = false;
    int compared = 0;
    int worse = 0;
    int runs = 0;
    int completed = 0;
    double maxWorse = 0;
    for (int r : rows) {
      String link = Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r));
      runs += averages.intColumn("runs").get(r);
      completed += averages.intColumn("completed_runs").get(r);
      if (averages.intColumn("completed_runs").get(r) < averages.intColumn("runs").get(r)) {
        unfinished.add(link + (severalTraces ? ": " + averages.stringColumn("not_completed_traces").get(r) : ""));
      }
      if (averages.intColumn("compared_runs").get(r) == 0) {
        uncompared.add(link);
        continue;
      }
      double d = averages.doubleColumn("data_reduction_mean_pct").get(r);
      double dp = averages.doubleColumn("data_reduction_pooled_pct").get(r);
      double t = averages.doubleColumn("time_reduction_mean_pct").get(r);
      data.add(change(d) + " at " + link);
      pooled.add(change(dp));
      poolDiffers |= !change(d).equals(change(dp));
      time.add(change(t) + " at " + link);
      likewise &= change(d).equals(change(t));
      compared += averages.intColumn("compared_runs").get(r);
      worse += averages.intColumn("downtime_worse_runs").get(r);
      maxWorse = Math.max(maxWorse, averages.doubleColumn("downtime_change_max_ms").get(r));
    }
    StringBuilder b = new StringBuilder(label + " against " + baseline.label() + same(label, baseline));
    if (data.isEmpty()) {
      b.append(" is compared in no run (it or its baseline never completed on the same trace and link)");
    } else {
      b.append(" sends ").append(data.get(0).replaceFirst(" at ", " data at "));
      data.subList(1, data.size()).forEach(x -> b.append(", ").append(x));
      if (severalTraces) {
        b.append(" (means of per-trace reductions").append(poolDiffers ? "; pooled over bytes " + String.join(", ",
            pooled) : ", the same pooled over bytes").append(")");
      }
      b.append(", total time ").append(likewise ? "likewise" : String.join(", ", time));
      if (!uncompared.isEmpty()) {
        b.append("; not comparable at ").append(String.join(", ", uncompared));
      }
      b.append(String.format(Locale.US, "; its downtime is longer in %d of %d compared runs%s", worse, compared,
          worse == 0 ? "" : ", by up to " + duration(maxWorse)));
    }
    if (completed < runs) {
      b.append(String.format(Locale.US, "; it did not complete in %d of %d runs (%s), left out of these figures",
          runs - completed, runs, String.join("; ", unfinished)));
    }
    int rescued = rows.stream().mapToInt(r -> averages.intColumn("completed_where_baseline_did_not").get(r)).sum();
    if (rescued > 0) {
      b.append(String.format(Locale.US, "; it completed in %s where the baseline did not", Words.count(rescued, "run")));
    }
    return b.append('.').toString();
  }

  /**
   * " (same max_bandwidth)": the parameters of a set's label that the baseline does not fix, which its baseline
   * run shares with it; empty when there are none or the set is of another algorithm.
   */
  private static String same(String label, Baseline baseline) {
    if (!label.startsWith(baseline.algorithm() + " ")) {
      return "";
    }
    List<String> keys = new ArrayList<>();
    for (String kv : label.substring(baseline.algorithm().length() + 1).split(" ")) {
      String k = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
      if (!baseline.fixed().containsKey(k) && !baseline.pinned().containsKey(k)) {
        keys.add(k);
      }
    }
    return keys.isEmpty() ? "" : " (same " + String.join(", ", keys) + ")";
  }

  /** The baseline's own runs that did not complete: nothing is compared with them. */
  private static String baselineSentence(Table averages, List<Integer> rows, Baseline baseline) {
    int runs = 0;
    int completed = 0;
    List<String> where = new ArrayList<>();
    for (int r : rows) {
      runs += averages.intColumn("runs").get(r);
      completed += averages.intColumn("completed_runs").get(r);
      if (averages.intColumn("completed_runs").get(r) < averages.intColumn("runs").get(r)) {
        where.add(Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r)) + ": "
            + averages.stringColumn("not_completed_traces").get(r));
      }
    }
    if (completed == runs) {
      return null;
    }
    return String.format(Locale.US, "The baseline, %s, did not complete in %d of %d runs (%s): nothing is compared "
        + "with those; the decision table says what completes there.", baseline.label(), runs - completed, runs,
        String.join("; ", where));
  }

  /** The objective as a person writes it: {@code 300 ms}, {@code 2.5 ms}, {@code 10 s}. */
  static String objective(double ms) {
    if (ms >= 10_000 && ms % 1000 == 0) {
      return String.format(Locale.US, "%.0f s", ms / 1000);
    }
    return ms == Math.rint(ms) ? String.format(Locale.US, "%.0f ms", ms) : String.format(Locale.US, "%s ms",
        java.math.BigDecimal.valueOf(ms).stripTrailingZeros().toPlainString());
  }

  /** Milliseconds below 10 s, seconds above. */
  static String duration(double ms) {
    return ms < 10_000 ? String.format(Locale.US, "%.1f ms", ms) : String.format(Locale.US, "%.1f s", ms / 1000);
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
      if (agrees(averages.doubleColumn("data_reduction_mean_pct").get(r), PAPER_DATA_REDUCTION)
          && agrees(averages.doubleColumn("time_reduction_mean_pct").get(r), PAPER_TIME_REDUCTION)) {
        agree.add(Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r)));
      }
    }
    return String.format(Locale.US, "The paper reports %.0f%% less data and %.1f%% less time; %s's means come within "
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
  static List<String> paper(Table averages, Map<String, String> labels, Baseline base) {
    List<String> lines = new ArrayList<>();
    String baseline = base.label();
    if (!base.algorithm().equals(Baseline.DEFAULT_ALGORITHM)) {
      return List.of("The paper's figures (" + PAPER_ALGORITHM + " against Xen's pre-copy) are not set against these "
          + "results: their baseline is " + baseline + ".");
    }
    Map<String, List<Integer>> sets = sets(averages);
    for (Map.Entry<String, List<Integer>> e : sets.entrySet()) {
      if (!e.getKey().startsWith(PAPER_ALGORITHM + "\u0000")) {
        continue;
      }
      List<String> links = new ArrayList<>();
      double maxRounds = 0;
      for (int r : e.getValue()) {
        double d = averages.doubleColumn("data_reduction_mean_pct").get(r);
        double t = averages.doubleColumn("time_reduction_mean_pct").get(r);
        if (!averages.doubleColumn("max_rounds").isMissing(r)) {
          maxRounds = Math.max(maxRounds, averages.doubleColumn("max_rounds").get(r));
        }
        if (averages.intColumn("compared_runs").get(r) == 0) {
          links.add(Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r)) + ": not comparable");
          continue;
        }
        links.add(String.format(Locale.US, "%s: data %s, time %s (%s)",
            Units.formatBandwidth(averages.longColumn("bandwidth_bps").get(r)), TableFormat.signed(d),
            TableFormat.signed(t), agrees(d, PAPER_DATA_REDUCTION) && agrees(t, PAPER_TIME_REDUCTION) ? "agrees"
                : "does not agree"));
      }
      lines.add(String.format(Locale.US, "%s against %s, means of per-trace reductions in %% (paper: data +%.1f, time +%.1f; within "
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
