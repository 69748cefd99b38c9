package migreplay.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import migreplay.io.BadInputException;
import migreplay.replay.sweep.Fleet;
import migreplay.trace.TraceFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A fleet's host specs ({@code drain --hosts}): files as given, directories expanded to their {@code *.json} and
 * {@code *.csv} files sorted by name; hosts in that order. A JSON spec is one host,
 * {@code {"host": "compute-12", "guests": ["a.trace.arrow", "dir/"]}} ({@code host} optional: the file's name
 * without its extension). A CSV spec has a {@code trace} column and, optionally, a {@code host} column (hosts in
 * the order they first appear; without it the file is one host named after it). Guests are trace files or
 * directories of them, relative to the spec's directory. A host named twice is refused.
 */
final class HostSpecs {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader()
      .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
      .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).get();

  private HostSpecs() {}

  static List<Fleet.Host> read(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          List<Path> found = s.filter(f -> isSpec(f) && Files.isRegularFile(f)).sorted().toList();
          if (found.isEmpty()) {
            throw new BadInputException(p.toString(), "no host specs (*.json, *.csv) in this directory");
          }
          files.addAll(found);
        }
      } else if (Files.isRegularFile(p)) {
        if (!isSpec(p)) {
          throw new BadInputException(p.toString(), "expected a host spec, a .json or .csv file");
        }
        files.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "expected a host spec or a directory of them");
      }
    }
    Map<String, Path> named = new LinkedHashMap<>();
    List<Fleet.Host> hosts = new ArrayList<>();
    for (Path f : files) {
      for (Fleet.Host h : f.getFileName().toString().endsWith(".json") ? json(f) : csv(f)) {
        Path before = named.putIfAbsent(h.name(), f);
        if (before != null) {
          throw new BadInputException(f.toString(), "host '" + h.name() + "' is also in " + before
              + "; each host is drained once");
        }
        hosts.add(h);
      }
    }
    return hosts;
  }

  private static boolean isSpec(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".json") || n.endsWith(".csv");
  }

  private static String stem(Path f) {
    String n = f.getFileName().toString();
    return n.substring(0, n.lastIndexOf('.'));
  }

  private static List<Fleet.Host> json(Path f) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(f.toFile());
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
      throw new BadInputException(f + at, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(f.toString(), "expected a JSON object {\"host\": NAME, \"guests\": [TRACE, ...]}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("host") && !k.equals("guests")) {
        throw new BadInputException(f.toString(), "unknown key '" + k + "'; a host spec has host and guests");
      }
    }
    JsonNode host = root.get("host");
    if (host != null && (!host.isTextual() || host.asText().isBlank())) {
      throw new BadInputException(f.toString(), "key 'host': expected the host's name, a non-empty string");
    }
    JsonNode guests = root.get("guests");
    if (guests == null || !guests.isArray() || guests.isEmpty()) {
      throw new BadInputException(f.toString(), "key 'guests': expected a non-empty array of trace files or "
          + "directories");
    }
    List<Fleet.Member> members = new ArrayList<>();
    for (int i = 0; i < guests.size(); i++) {
      JsonNode g = guests.get(i);
      String where = f + ": guests item " + (i + 1);
      if (g.isObject()) {
        members.addAll(member(f, g, where));
      } else if (g.isTextual() && !g.asText().isBlank()) {
        members.addAll(expand(resolve(f, g.asText(), where), Map.of(), -1));
      } else {
        throw new BadInputException(where, "expected a trace path, or an object {\"trace\": PATH, \"start\": TIME, "
            + "\"params\": {NAME: VALUE, ...}}");
      }
    }
    return List.of(host(host == null ? stem(f) : host.asText(), members, f.toString()));
  }

  private static List<Fleet.Host> csv(Path f) throws IOException {
    Map<String, List<Fleet.Member>> byHost = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8); CSVParser p = CSV.parse(r)) {
      List<String> header = p.getHeaderNames();
      if (!header.contains("trace")) {
        throw new BadInputException(f + ":1", "expected a header with a 'trace' column (and optionally 'host'), found "
            + header);
      }
      boolean hosts = header.contains("host");
      for (CSVRecord rec : p) {
        String where = f + ":" + p.getCurrentLineNumber();
        String trace = rec.isSet("trace") ? rec.get("trace") : "";
        if (trace.isEmpty()) {
          throw new BadInputException(where, "column 'trace': expected a trace path");
        }
        String host = hosts ? (rec.isSet("host") ? rec.get("host") : "") : stem(f);
        if (host.isEmpty()) {
          throw new BadInputException(where, "column 'host': expected the host's name");
        }
        byHost.computeIfAbsent(host, k -> new ArrayList<>()).addAll(expand(resolve(f, trace, where), Map.of(), -1));
      }
    } catch (java.io.UncheckedIOException e) {
      throw new BadInputException(f.toString(), "not valid CSV: " + e.getCause().getMessage());
    }
    if (byHost.isEmpty()) {
      throw new BadInputException(f.toString(), "no guests: expected one row per guest under the 'trace' header");
    }
    List<Fleet.Host> out = new ArrayList<>();
    for (Map.Entry<String, List<Fleet.Member>> e : byHost.entrySet()) {
      out.add(host(e.getKey(), e.getValue(), f.toString()));
    }
    return out;
  }

  private static Path resolve(Path spec, String trace, String where) throws IOException {
    Path dir = spec.getParent() == null ? Path.of("") : spec.getParent();
    Path p = dir.resolve(trace).normalize();
    if (!Files.exists(p)) {
      throw new BadInputException(where, "no such trace file or directory: " + p);
    }
    return p;
  }

  /** A guest given as an object: its trace, and optionally its start in the trace and its own parameters. */
  private static List<Fleet.Member> member(Path f, JsonNode g, String where) throws IOException {
    for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("trace") && !k.equals("start") && !k.equals("params")) {
        throw new BadInputException(where, "unknown key '" + k + "'; a guest has trace, start and params");
      }
    }
    JsonNode trace = g.get("trace");
    if (trace == null || !trace.isTextual() || trace.asText().isBlank()) {
      throw new BadInputException(where, "key 'trace': expected a trace path");
    }
    long start = -1;
    JsonNode st = g.get("start");
    if (st != null) {
      try {
        start = migreplay.replay.params.Units.micros(st.asText());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(where, "key 'start': expected where in the trace the migration starts, e.g. "
            + "9.87s (" + e.getMessage() + ")");
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    JsonNode ps = g.get("params");
    if (ps != null) {
      if (!ps.isObject()) {
        throw new BadInputException(where, "key 'params': expected an object {NAME: VALUE, ...}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isValueNode() || e.getValue().isNull()) {
          throw new BadInputException(where, "params key '" + e.getKey() + "': expected a value, e.g. \"128MiB/s\"");
        }
        params.put(e.getKey(), e.getValue().asText());
      }
    }
    return expand(resolve(f, trace.asText(), where + ": key 'trace'"), params, start);
  }

  private static List<Fleet.Member> expand(Path trace, Map<String, String> params, long startUs) throws IOException {
    List<Fleet.Member> out = new ArrayList<>();
    for (Path t : TraceFiles.expand(List.of(trace))) {
      out.add(new Fleet.Member(t.toString(), params, startUs));
    }
    return out;
  }

  private static Fleet.Host host(String name, List<Fleet.Member> guests, String where) {
    if (guests.stream().map(Fleet.Member::trace).distinct().count() != guests.size()) {
      throw new BadInputException(where, "host '" + name + "' lists a guest twice");
    }
    return new Fleet.Host(name, guests);
  }
}
