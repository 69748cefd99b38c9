package migreplay.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migreplay completion}: a bash/zsh completion script, from picocli's generator. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Prints a completion script for bash and zsh.",
        "bash: source <(migreplay completion)",
        "zsh: autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit; "
            + "source <(migreplay completion)"})
public final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("migreplay", spec.root().commandLine()));
    return 0;
  }
}
