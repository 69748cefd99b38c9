package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion script as bash runs it: sourced, then asked for the candidates of every option that has
 * some, as a person pressing TAB after {@code migreplay replay -a } would. Every candidate offered must be
 * accepted by the command, and no list may be defined twice in one function (the second would shadow the
 * first: {@code --trace-end} once offered {@code --within-epoch}'s values).
 */
class CompletionTest {
  static final Path BASH = Path.of("/bin/bash");
  @TempDir static Path dir;
  static Path script;

  @BeforeAll
  static void write() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cl = Migreplay.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute("completion"));
    script = dir.resolve("migreplay.bash");
    Files.writeString(script, out.toString());
  }

  /** What bash's completion function puts in COMPREPLY for the words typed (the last is the one completed). */
  static List<String> complete(String... words) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(BASH.toString(), "-c", "source \"$1\"; shift; COMP_WORDS=(\"$@\"); "
        + "COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; _complete_migreplay; "
        + "printf '%s\\n' \"${COMPREPLY[@]}\"", "bash", script.toString()));
    cmd.addAll(List.of(words));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
    return out.lines().filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void everyCandidateOfferedIsAcceptedByItsOption() throws Exception {
    assumeTrue(Files.isExecutable(BASH), "bash is not installed");
    int checked = 0;
    for (Map.Entry<String, CommandLine> sub : Migreplay.commandLine().getSubcommands().entrySet()) {
      for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
        if (o.completionCandidates() == null) {
          continue;
        }
        List<String> expected = new ArrayList<>();
        o.completionCandidates().forEach(expected::add);
        for (String name : o.names()) {
          List<String> offered = complete("migreplay", sub.getKey(), name, "");
          assertEquals(expected, offered, "migreplay " + sub.getKey() + " " + name + " TAB");
          for (String value : offered) {
            try {
              Migreplay.commandLine().parseArgs(sub.getKey(), name, value);
            } catch (CommandLine.MissingParameterException e) {
              // the value was converted; only other required arguments are missing
            } catch (CommandLine.ParameterException e) {
              throw new AssertionError("migreplay " + sub.getKey() + " " + name + " " + value + " is offered but "
                  + "refused: " + e.getMessage(), e);
            }
            checked++;
          }
        }
      }
    }
    assertTrue(checked >= 20, checked + " candidates checked");
    // What a user types: the algorithm names as the registry spells them.
    assertEquals(List.of("xen-precopy", "improved-precopy", "stop-and-copy", "qemu-precopy"),
        complete("migreplay", "replay", "-a", ""));
    assertEquals(List.of("loop", "idle", "error"), complete("migreplay", "replay", "--trace-end", ""));
    assertEquals(List.of("bitmap-dir"), complete("migreplay", "ingest", "--format", "bi"));
  }

  @Test
  void noListIsDefinedTwiceInOneFunction() throws IOException {
    String text = Files.readString(script);
    for (String function : text.split("\nfunction ")) {
      Set<String> names = new HashSet<>();
      Matcher m = Pattern.compile("local (\\w+_option_args)=").matcher(function);
      while (m.find()) {
        assertTrue(names.add(m.group(1)), m.group(1) + " is defined twice in function "
            + function.substring(0, Math.min(60, function.length())));
      }
    }
    assertFalse(text.contains("XEN_PRECOPY") || text.contains("BITMAP_DIR"), "enum constant names are not values");
  }
}
