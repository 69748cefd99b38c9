package migreplay.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What command-line tests share: a temporary directory and the command run in-process, its output kept. */
abstract class CliTest {
  @TempDir Path dir;
  StringWriter out;
  StringWriter err;

  /** Runs {@code migreplay args…} as {@code main} would, without exiting; returns the exit code. */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = Migreplay.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** {@code name} in the temporary directory, as a command-line argument. */
  String p(String name) {
    return dir.resolve(name).toString();
  }
}
