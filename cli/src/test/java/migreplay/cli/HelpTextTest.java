package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** Every option and parameter of every command says in its help what it is (report -o once did not). */
class HelpTextTest {
  @Test
  void everyOptionAndParameterHasADescription() {
    List<String> bare = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : Migreplay.commandLine().getSubcommands().entrySet()) {
      List<ArgSpec> args = new ArrayList<>(sub.getValue().getCommandSpec().options());
      args.addAll(sub.getValue().getCommandSpec().positionalParameters());
      for (ArgSpec a : args) {
        if (String.join("", a.description()).isBlank()) {
          bare.add(sub.getKey() + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName()
              : a.paramLabel()));
        }
      }
    }
    assertEquals(List.of(), bare);
  }
}
