package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code migreplay validate} from the command line: outputs, the summary line and the exit codes. */
class ValidateCommandTest extends CliTest {
  /**
   * An 8 MiB guest writing 200 random pages a second, and a real migration of it at 32 MiB/s that completed
   * in 0.4 s: 8 MiB of guest RAM plus a pc machine's 4,242 device pages, as query-migrate counts them.
   */
  static String record(String outcome) {
    return """
        {"workload": "cold", "qemu": "QEMU emulator version 7.2.22",
         "params": {"max_bandwidth_bytes_per_s": 33554432, "downtime_limit_ms": 300, "uri": "exec:cat > /dev/null",
                    "delay_after_start_marker_s": 2, "timeout_s": 30},
         "outcome": "%s",
         "final_query_migrate": {"status": "completed", "total-time": 400, "downtime": 20, "setup-time": 10,
           "ram": {"total": 25755648, "transferred": 1800000, "normal": 400, "duplicate": 5890,
                   "dirty-sync-count": 3, "downtime-bytes": 40000, "remaining": 0, "page-size": 4096}},
         "series": [{"t_host_s": 0.1, "status": "active", "transferred": 600000, "remaining": 20000000},
                    {"t_host_s": 0.4, "status": "completed", "transferred": 1800000, "remaining": 0}],
         "guest_time_per_host_second_during_migration": 1.0,
         "trace": "cold.trace.arrow",
         "start_in_trace_s": 5.0}
        """.formatted(outcome);
  }

  @BeforeEach
  void trace() {
    assertEquals(0, run("synth", "-o", p("traces/cold.trace.arrow"), "--ram", "8MiB", "--duration", "60s", "--epoch",
        "10ms", "--cold", "rate=200"), err.toString());
  }

  @Test
  void writesTheTablesAndThePageAndPassesWithinTolerance() throws Exception {
    Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(dir.resolve("migrations/ok.json"), record("completed"));
    assertEquals(0, run("validate", p("migrations"), "--traces", p("traces"), "--tolerance", "1000%",
        "--downtime-tolerance", "1000%", "-o", p("v")), err.toString() + out);
    assertTrue(out.toString().contains("validate: 1 record, 1/1 convergence verdicts right; |error| of total time "
        + "p50 "), out.toString());
    assertTrue(out.toString().contains("; PASS\n"), out.toString());
    // a 7.2 record without a command line cannot tell KVM from TCG: the exact log, and said so
    assertTrue(err.toString().contains("validate: ok: qemu_cmdline is missing or names no QEMU program or accelerator, "
        + "so it cannot tell KVM from TCG: replayed with the exact dirty log"), err.toString());
    for (String f : new String[] {"validation.csv", "validation.arrow", "index.html"}) {
      assertTrue(Files.size(dir.resolve("v").resolve(f)) > 0, f);
    }
    assertTrue(Files.readString(dir.resolve("v/validation.csv")).contains("\nok,cold.trace.arrow,true,true,"));
  }

  @Test
  void aHostSpecOfTheRecordsDrainsAsValidatePredictedEach() throws Exception {
    Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(dir.resolve("migrations/ok.json"), record("completed"));
    assertEquals(0, run("validate", p("migrations"), "--traces", p("traces"), "--tolerance", "1000%",
        "--downtime-tolerance", "1000%", "--host-spec", p("spec/together.json"), "-o", p("v")), err.toString() + out);
    String spec = Files.readString(dir.resolve("spec/together.json"));
    assertTrue(spec.contains("\"host\" : \"together\""), spec);
    assertTrue(spec.contains("\"trace\" : \"../traces/cold.trace.arrow\""), spec);
    assertTrue(spec.contains("\"start\" : \"5000000us\""), spec);
    assertTrue(spec.contains("\"max_bandwidth\" : \"33554432B/s\""), spec);
    assertTrue(spec.contains("\"setup_time\" : "), spec);
    // alone on a fast link, the drain's run of the guest is validate's prediction of it
    assertEquals(0, run("drain", "--hosts", p("spec"), "-a", "qemu-precopy", "--link", "100Gbit", "-o", p("d")),
        err.toString());
    String model = Files.readAllLines(dir.resolve("v/validation.csv")).get(1);
    String drained = Files.readAllLines(dir.resolve("d/drain.csv")).get(1);
    long predicted = Long.parseLong(model.split(",")[8]);
    long sent = Long.parseLong(drained.split(",")[17]);
    assertEquals(predicted, sent, predicted * 0.001, model + " / " + drained);
  }

  @Test
  void aRecordWhoseFirstPollIsInSetupWithoutCountersIsValidated() throws Exception {
    // QEMU's query-migrate has no ram object during setup: another harness wrote that poll with null counters
    Files.writeString(dir.resolve("setup.json"), record("completed").replace("\"series\": [",
        "\"series\": [{\"t_host_s\": 0.02, \"status\": \"setup\", \"transferred\": null, \"remaining\": null, "
            + "\"normal\": null, \"duplicate\": null, \"dirty_sync_count\": null},"));
    assertEquals(0, run("validate", p("setup.json"), "--traces", p("traces"), "--tolerance", "1000%",
        "--downtime-tolerance", "1000%", "-o", p("v")), err.toString() + out);
    assertTrue(out.toString().contains("validate: 1 record, 1/1 convergence verdicts right;"), out.toString());
  }

  @Test
  void aWrongVerdictOrTooLargeAnErrorExitsOne() throws Exception {
    // the guest barely writes, so the model converges where this record says QEMU did not
    Files.writeString(dir.resolve("nc.json"), record("not-converged-cancelled-at-timeout"));
    assertEquals(1, run("validate", p("nc.json"), "--traces", p("traces"), "--tolerance", "1000%", "-o", p("v")));
    assertTrue(out.toString().contains("0/1 convergence verdicts right")
        && out.toString().contains("; FAIL: 1 convergence verdict(s) wrong"), out.toString());
    Files.writeString(dir.resolve("ok.json"), record("completed").replace("\"total-time\": 400", "\"total-time\": 40000"));
    assertEquals(1, run("validate", p("ok.json"), "--traces", p("traces"), "-o", p("v2")));
    assertTrue(out.toString().contains("; FAIL: p90 |error| of total time "), out.toString());
  }

  @Test
  void badRecordsExitOneAndBadOptionsTwoWithOneLine() throws Exception {
    Files.writeString(dir.resolve("bad.json"), record("completed").replace("\"timeout_s\": 30", "\"timeout_s\": \"30s\""));
    assertEquals(1, run("validate", p("bad.json"), "--traces", p("traces"), "-o", p("v")));
    assertEquals("migreplay: error: " + p("bad.json") + ": key 'params.timeout_s': expected a time in seconds from "
        + "0.001 to 1e6, found \"30s\"", err.toString().trim());
    assertFalse(Files.exists(dir.resolve("v/validation.csv")));
    Files.writeString(dir.resolve("ok.json"), record("completed"));
    assertEquals(1, run("validate", p("ok.json"), "-o", p("v")));
    assertTrue(err.toString().startsWith("migreplay: error: " + p("ok.json") + ": key 'trace': expected a trace file"),
        err.toString());
    assertEquals(2, run("validate", p("ok.json"), "--traces", p("traces"), "--tolerance", "10", "-o", p("v")));
    assertTrue(err.toString().contains("--tolerance': expected a percentage with its unit, e.g. 1% or 0.5%, found '10'"),
        err.toString());
    assertEquals(2, run("validate", p("ok.json"), "--traces", p("traces"), "--wire", "fast", "-o", p("v")));
    assertEquals(2, run("validate", p("ok.json")));
  }
}
