package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./migreplay} launcher chooses the Spark class path only for {@code --engine spark} given as
 * arguments, never for those words inside an option's value. Run against a copy of the script beside a stand-in
 * jar, with a {@code java} on the PATH that prints how it was called (the launcher's choice is all that is
 * tested here; the command line itself is tested in this JVM elsewhere).
 */
class LauncherTest {
  @TempDir Path dir;

  private record Result(int code, String out) {}

  private Result launch(String... args) throws IOException, InterruptedException {
    Path script = dir.resolve("migreplay");
    Files.copy(Path.of("../migreplay"), script, StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(dir.resolve("cli/target"));
    Files.write(dir.resolve("cli/target/migreplay.jar"), new byte[0]);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().remove("MIGREPLAY_JAVA_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  @Test
  void anOptionValueContainingEngineSparkIsNoEngineOption() throws Exception {
    Result r = launch("ingest", "a.csv", "--workload", "load test --engine spark baseline", "-o", "o.trace.arrow");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().startsWith("java --add-opens=java.base/java.nio=ALL-UNNAMED -jar "), r.out());
    assertTrue(r.out().contains("--workload load test --engine spark baseline -o"), r.out());
  }

  @Test
  void engineSparkAsArgumentsNeedsTheSparkBuild() throws Exception {
    for (String[] args : List.of(new String[] {"replay", "t", "--engine", "spark", "-o", "r"},
        new String[] {"replay", "t", "--engine=spark", "-o", "r"})) {
      Result r = launch(args);
      assertEquals(2, r.code(), r.out());
      assertTrue(r.out().startsWith("migreplay: --engine spark needs the Spark build"), r.out());
    }
    // after --, arguments are operands, not options
    assertEquals(0, launch("replay", "--", "--engine", "spark").code());
  }
}
