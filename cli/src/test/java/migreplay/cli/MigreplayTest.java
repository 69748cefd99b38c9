package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MigreplayTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = Migreplay.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpAndVersionExitZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("Usage: migreplay"), out.toString());
    assertEquals(0, run("--version"));
    assertTrue(out.toString().contains("migreplay 0.1.0"), out.toString());
  }

  @Test
  void noSubcommandAndUnknownOptionAreUsageErrors() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("Usage: migreplay"));
    assertEquals(2, run("--no-such-option"));
  }
}
