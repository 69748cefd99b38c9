package migreplay.replay.qemu;

import java.util.List;
import java.util.Locale;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.params.ParamType;
import migreplay.replay.params.Units;

/**
 * QEMU 7.2's post-copy ({@code postcopy-ram}) as {@code qemu-precopy} runs it ({@link PostcopyPhase}), parsed
 * from the parameters declared here: when {@code migrate-start-postcopy} is issued when no management layer
 * does it, the round trip of a page request, and QEMU's {@code max-postcopy-bandwidth}.
 *
 * @param trigger when {@code migrate-start-postcopy} is issued without a manager
 * @param triggerValue the dirty-sync-count ({@link Trigger#SYNCS}) or the time in ns ({@link Trigger#TIME})
 * @param rttNs round trip of a page request: destination to source and the page back, besides its time on the
 *     wire
 * @param maxPostcopyBandwidth QEMU's {@code max-postcopy-bandwidth}, bytes per second; 0 = no cap
 */
public record PostcopySettings(Trigger trigger, long triggerValue, long rttNs, long maxPostcopyBandwidth) {
  /** When {@code migrate-start-postcopy} is issued without a manager. */
  public enum Trigger {
    /** Never (a manager may still start post-copy). */
    OFF,
    /** Once dirty-sync-count has reached N. */
    SYNCS,
    /** At a time after the {@code migrate} command. */
    TIME
  }

  static final String ACCEPTED = "off, syncs:N with N >= 1, or time:T like time:30s";

  public static final List<ParamSpec> PARAMS = List.of(
      new ParamSpec("postcopy_start", ParamType.of(ACCEPTED, PostcopySettings::normalizeStart), "off", "",
          "migrate-start-postcopy without a manager: off, once dirty-sync-count reaches N (syncs:N), or T after "
              + "migrate (time:T); turns the postcopy-ram capability on"),
      new ParamSpec("postcopy_rtt", ParamType.of("a time like 500us or 1ms", PostcopySettings::normalizeTime),
          "500us", "time",
          "round trip of a post-copy page request (destination fault to source and the page back), besides the "
              + "page's time on the wire (assumed: a data-centre network; set yours)"),
      new ParamSpec("max_postcopy_bandwidth", ParamType.of("bytes per second like 32MiB/s, or 0 for none",
          t -> QemuPrecopy.formatBytesPerSecond(QemuPrecopy.bytesPerSecond(t))), "0", "bytes/s",
          "QEMU's max-postcopy-bandwidth, the background stream's cap after the switch; page requests bypass it; "
              + "0 = none (DEFAULT_MIGRATE_MAX_POSTCOPY_BANDWIDTH)"));

  public PostcopySettings {
    if (rttNs < 0 || maxPostcopyBandwidth < 0 || triggerValue < 0) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": post-copy settings must not be negative");
    }
  }

  /** The settings in {@code p}. */
  static PostcopySettings parse(AlgorithmParams p) {
    String start = p.get("postcopy_start");
    Trigger trigger = Trigger.OFF;
    long value = 0;
    if (start.startsWith("syncs:")) {
      trigger = Trigger.SYNCS;
      value = Long.parseLong(start.substring(6));
    } else if (start.startsWith("time:")) {
      trigger = Trigger.TIME;
      value = Math.multiplyExact(Units.micros(start.substring(5)), 1000L);
    }
    return new PostcopySettings(trigger, value, Math.multiplyExact(Units.micros(p.get("postcopy_rtt")), 1000L),
        QemuPrecopy.bytesPerSecond(p.get("max_postcopy_bandwidth")));
  }

  /** Whether {@code migrate-start-postcopy} is due now, without a manager. */
  boolean due(long nowNs, long syncCount) {
    return switch (trigger) {
      case OFF -> false;
      case SYNCS -> syncCount >= triggerValue;
      case TIME -> nowNs >= triggerValue;
    };
  }

  /** How the trigger reads in a manager-style action. */
  String describe() {
    return switch (trigger) {
      case OFF -> "off";
      case SYNCS -> "postcopy_start=syncs:" + triggerValue;
      case TIME -> "postcopy_start=time:" + QemuPrecopy.formatNanos(triggerValue);
    };
  }

  private static String normalizeStart(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("off")) {
        return t;
      }
      if (t.startsWith("syncs:")) {
        long n = Long.parseLong(t.substring(6).trim());
        if (n >= 1) {
          return "syncs:" + n;
        }
      } else if (t.startsWith("time:")) {
        return "time:" + normalizeTime(t.substring(5));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("expected " + ACCEPTED);
  }

  private static String normalizeTime(String text) {
    long ns;
    try {
      ns = Math.multiplyExact(Units.micros(text.trim()), 1000L);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("expected a time like 500us or 1ms");
    }
    return QemuPrecopy.formatNanos(ns);
  }
}
