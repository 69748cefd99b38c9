package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bad-input suite: every case of {@code bad-input-cases.json} (data, not code) creates its input files in
 * a fresh directory, runs one command in this JVM and checks the exit code, that stderr names the file,
 * position and what was expected, that no Java exception name or stack trace is printed, and that no file
 * that was there before (inputs, and outputs listed under {@code keep}) was changed or removed.
 *
 * <p>A case: {@code id}; {@code args} ({@code {d}} is the case's directory); {@code files}, name → content:
 * a string (UTF-8 text), or an object {@code {"hex": ...}}, {@code {"gzip": text}},
 * {@code {"text": t, "repeat": n}} (t n times), {@code {"dir": true}}, {@code {"synth": [args]}} (a trace
 * made by {@code migreplay synth}, optionally with {@code "patch": [offset, hex]} bytes overwritten), {@code {"arrow": {"meta": {...}, "batches": [[t, pfn, t, pfn...], ...]}}}
 * (a raw Arrow IPC file, for traces no migreplay writer would produce; {@code "footer": {...}} adds footer metadata), {@code {"replay": [args], "edit": [file,
 * from, to]}} (a results directory written by {@code migreplay replay ARGS -o DIR}, then one file edited: the
 * first {@code from} replaced); {@code keep}: outputs created with
 * sentinel content before the command; {@code exit}; {@code expect}: parts of the first line of stderr;
 * {@code lines}: for exit 0, parts of stdout.
 */
class BadInputTest {
  private static final String CASES = "/migreplay/cli/bad-input-cases.json";
  private static final byte[] SENTINEL = "pre-existing output; must survive\n".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path root;
  static JsonNode cases;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = BadInputTest.class.getResourceAsStream(CASES)) {
      cases = new ObjectMapper().readTree(in);
    }
  }

  @TestFactory
  Stream<DynamicTest> cases() {
    List<DynamicTest> tests = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode c : cases) {
      String id = c.get("id").asText();
      assertTrue(ids.add(id), "duplicate case id " + id);
      tests.add(DynamicTest.dynamicTest(id, () -> runCase(id, c)));
    }
    assertTrue(tests.size() >= 100, "the suite should hold at least 100 cases, has " + tests.size());
    String only = System.getProperty("badinput.only", ""); // -Dbadinput.only=validate- runs those cases alone
    return tests.stream().filter(t -> t.getDisplayName().startsWith(only));
  }

  private void runCase(String id, JsonNode c) throws Exception {
    Path d = Files.createDirectories(root.resolve(id));
    for (Iterator<Map.Entry<String, JsonNode>> it = c.path("files").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      create(d, d.resolve(f.getKey()), f.getValue());
    }
    for (JsonNode k : c.path("keep")) {
      Path p = d.resolve(k.asText());
      Files.createDirectories(p.getParent());
      Files.write(p, SENTINEL);
      // older than the inputs, so that ingest does not skip the case as up to date
      Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    }
    List<Path> immutable = new ArrayList<>();
    for (JsonNode k : c.path("immutable")) { // a directory nobody may write in, not even root (chattr +i)
      Path p = Files.createDirectories(d.resolve(k.asText()));
      boolean set = chattr("+i", p);
      Assumptions.assumeTrue(set, "chattr +i is not available here; " + id + " needs it");
      immutable.add(p);
    }
    try {
      check(id, c, d);
    } finally {
      for (Path p : immutable) {
        chattr("-i", p);
      }
    }
  }

  private static boolean chattr(String flag, Path p) {
    try {
      Process pr = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
      pr.getInputStream().readAllBytes();
      return pr.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void check(String id, JsonNode c, Path d) throws Exception {
    Map<Path, byte[]> before = snapshot(d);
    List<String> args = new ArrayList<>();
    for (JsonNode a : c.get("args")) {
      args.add(a.asText().replace("{d}", d.toString()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = execute(args, out, err);
    String stderr = err.toString();
    String context = id + ": " + String.join(" ", args) + "\nstderr: " + stderr + "\nstdout: " + out;
    assertEquals(c.get("exit").asInt(), code, context);
    assertFalse(stderr.contains("Exception") || stderr.contains("\tat ") || stderr.contains("internal error"),
        "a Java exception or stack trace reached the user: " + context);
    if (code != 0) {
      String first = stderr.lines().findFirst().orElse("");
      if (code == Migreplay.EXIT_BAD_DATA) { // usage errors may add a hint (the usage handler's business)
        assertTrue(first.startsWith("migreplay: "), context);
        assertEquals(1, stderr.lines().count(), "one line: " + context);
      }
      for (JsonNode e : c.path("expect")) {
        String part = e.asText().replace("{d}", d.toString());
        assertTrue(first.contains(part), "expected '" + part + "' in the message: " + context);
      }
      assertTrue(first.length() < 600, "message too long (" + first.length() + " chars): " + context);
    } else {
      for (JsonNode e : c.path("lines")) {
        String part = e.asText().replace("{d}", d.toString());
        assertTrue(out.toString().contains(part), "expected '" + part + "' in stdout: " + context);
      }
    }
    Map<Path, byte[]> after = snapshot(d);
    for (Map.Entry<Path, byte[]> e : before.entrySet()) {
      assertTrue(after.containsKey(e.getKey()), e.getKey() + " was removed: " + context);
      assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " was changed: " + context);
    }
    for (Path p : after.keySet()) {
      assertFalse(p.getFileName().toString().endsWith(".tmp"), "temporary file left behind: " + p);
    }
  }

  private static int execute(List<String> args, StringWriter out, StringWriter err) {
    CommandLine cl = Migreplay.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args.toArray(String[]::new));
  }

  private static Map<Path, byte[]> snapshot(Path d) throws IOException {
    Map<Path, byte[]> m = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          m.put(p, Files.readAllBytes(p));
        }
      }
    }
    return m;
  }

  private static void create(Path d, Path p, JsonNode spec) throws IOException {
    Files.createDirectories(p.getParent());
    if (spec.isTextual()) {
      Files.writeString(p, spec.asText());
    } else if (spec.has("hex")) {
      Files.write(p, HexFormat.of().parseHex(spec.get("hex").asText().replace(" ", "")));
    } else if (spec.has("gzip")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (GZIPOutputStream g = new GZIPOutputStream(b)) {
        g.write(spec.get("gzip").asText().getBytes(StandardCharsets.UTF_8));
      }
      byte[] bytes = b.toByteArray();
      int cut = spec.path("truncate").asInt(0);
      Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length - cut));
    } else if (spec.has("repeat")) {
      Files.writeString(p, spec.path("prefix").asText() + spec.get("text").asText().repeat(spec.get("repeat").asInt())
          + spec.path("suffix").asText());
    } else if (spec.has("dir")) {
      Files.createDirectories(p);
    } else if (spec.has("synth")) {
      List<String> args = new ArrayList<>(List.of("synth", "-o", p.toString()));
      spec.get("synth").forEach(a -> args.add(a.asText()));
      StringWriter err = new StringWriter();
      assertEquals(0, execute(args, new StringWriter(), err), err.toString());
      if (spec.has("patch")) { // [offset, hex]: overwrite bytes, as a damaged disk or transfer would
        byte[] bytes = Files.readAllBytes(p);
        byte[] with = HexFormat.of().parseHex(spec.get("patch").get(1).asText());
        System.arraycopy(with, 0, bytes, spec.get("patch").get(0).asInt(), with.length);
        Files.write(p, bytes);
      }
    } else if (spec.has("arrow")) {
      writeArrow(p, spec.get("arrow"));
    } else if (spec.has("replay")) { // a results directory written by migreplay replay, then edited as a person might
      List<String> args = new ArrayList<>(List.of("replay", "-o", p.toString()));
      spec.get("replay").forEach(a -> args.add(a.asText().replace("{d}", d.toString())));
      StringWriter err = new StringWriter();
      assertEquals(0, execute(args, new StringWriter(), err), err.toString());
      if (spec.has("edit")) { // [file, from, to]: the first occurrence replaced
        Path f = p.resolve(spec.get("edit").get(0).asText());
        String text = Files.readString(f);
        String from = spec.get("edit").get(1).asText();
        assertTrue(text.contains(from), from + " in " + f);
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from),
            java.util.regex.Matcher.quoteReplacement(spec.get("edit").get(2).asText())));
      }
    } else {
      throw new IllegalArgumentException("unknown file spec " + spec);
    }
  }

  /** The footer metadata of a raw Arrow file ({@code "footer": {...}}), or none. */
  private static Map<String, String> footer(JsonNode spec) {
    Map<String, String> m = new LinkedHashMap<>();
    spec.path("footer").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m.isEmpty() ? null : m;
  }

  /** A raw Arrow IPC file with columns t_us, pfn, the given schema (and footer) metadata and record batches. */
  private static void writeArrow(Path p, JsonNode spec) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    spec.path("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
    FieldType int64 = FieldType.notNullable(new ArrowType.Int(64, true));
    String[] names = spec.has("columns") ? new String[] {spec.get("columns").get(0).asText(),
        spec.get("columns").get(1).asText()} : new String[] {"t_us", "pfn"};
    Schema schema = new Schema(List.of(new Field(names[0], int64, null), new Field(names[1], int64, null)), meta);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch, footer(spec))) {
      w.start();
      for (JsonNode batch : spec.get("batches")) {
        BigIntVector t = (BigIntVector) root.getVector(0);
        BigIntVector pfn = (BigIntVector) root.getVector(1);
        int n = batch.size() / 2;
        t.allocateNew(n);
        pfn.allocateNew(n);
        for (int i = 0; i < n; i++) {
          t.set(i, batch.get(2 * i).asLong());
          pfn.set(i, batch.get(2 * i + 1).asLong());
        }
        root.setRowCount(n);
        w.writeBatch();
      }
      w.end();
    }
  }
}
