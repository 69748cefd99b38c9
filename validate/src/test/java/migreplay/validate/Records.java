package migreplay.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Migration records for tests, in the format of qemu-validation.md §4. */
final class Records {
  static final ObjectMapper JSON = new ObjectMapper();

  private Records() {}

  /**
   * A record as a harness writes it: QEMU 7.2, the given parameters, an end state and the polls.
   *
   * @param ramTotal final_query_migrate.ram.total in bytes
   */
  static ObjectNode record(String trace, double startS, double guestSpeed, long maxBandwidth, long downtimeMs,
      double timeoutS, boolean autoConverge, long ramTotal, Totals end, List<Sample> series) {
    ObjectNode r = JSON.createObjectNode();
    r.put("workload", "test");
    r.put("qemu", "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)");
    r.putArray("qemu_cmdline").add("qemu-system-x86_64").add("-enable-kvm").add("-m").add("512");
    ObjectNode p = r.putObject("params");
    p.put("max_bandwidth_bytes_per_s", maxBandwidth);
    p.put("downtime_limit_ms", downtimeMs);
    p.put("uri", "exec:cat > /dev/null");
    p.put("delay_after_start_marker_s", 2.0);
    p.put("timeout_s", timeoutS);
    if (autoConverge) {
      p.put("auto_converge", true);
    }
    r.put("outcome", end.converged() ? RecordReader.COMPLETED : RecordReader.NOT_CONVERGED);
    ObjectNode f = r.putObject("final_query_migrate");
    f.put("status", end.converged() ? "completed" : "active");
    f.put("total-time", Math.round(end.totalTimeS() * 1000));
    f.put("downtime", end.converged() ? Math.round(end.downtimeS() * 1000) : 0);
    f.put("setup-time", Double.isNaN(end.setupTimeS()) ? 8 : Math.round(end.setupTimeS() * 1000));
    f.put("expected-downtime", 300);
    ObjectNode ram = f.putObject("ram");
    ram.put("total", ramTotal);
    ram.put("transferred", end.transferredBytes());
    ram.put("normal", end.normalPages());
    ram.put("duplicate", end.zeroPages());
    ram.put("dirty-sync-count", end.dirtySyncCount());
    ram.put("downtime-bytes", end.downtimeBytes());
    ram.put("remaining", end.remainingBytes());
    ram.put("page-size", 4096);
    ArrayNode s = r.putArray("series");
    for (Sample x : series) {
      ObjectNode o = s.addObject();
      o.put("t_host_s", x.tS());
      o.put("status", "active");
      o.put("dirty_sync_count", 1);
      o.put("transferred", x.transferredBytes());
      o.put("remaining", x.remainingBytes());
      o.put("dirty_pages_rate", 0);
      o.put("normal", x.transferredBytes() / 4104);
      o.put("duplicate", 0);
      o.put("expected_downtime", 300);
    }
    r.put("guest_time_per_host_second_during_migration", guestSpeed);
    r.putArray("icount_drift_samples").addArray().add(0.0).add(0.0);
    r.put("start_marker_guest_uptime_s", 31.5);
    r.put("trace", trace);
    r.put("start_in_trace_s", startS);
    return r;
  }

  static Path write(Path file, ObjectNode record) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), record);
    return file;
  }
}
