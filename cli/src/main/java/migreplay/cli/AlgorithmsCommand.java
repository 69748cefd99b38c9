package migreplay.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import migreplay.replay.Algorithm;
import migreplay.replay.params.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migreplay algorithms}: every algorithm with the parameters it declares. */
@Command(name = "algorithms", mixinStandardHelpOptions = true,
    description = "Lists the migration algorithms and, for each, its parameters: name, default, unit, what it "
        + "accepts and what it does. Sweep any of them with `migreplay replay -p NAME=V1,V2`.")
public final class AlgorithmsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Algorithm a : Algorithm.values()) {
      out.printf("%s: %s%n", a.label(), a.description());
      if (a.params().isEmpty()) {
        out.printf("  (no parameters)%n");
      }
      for (ParamSpec p : a.params()) {
        String def = p.defaultValue() + (p.unit().isEmpty() ? "" : " " + p.unit());
        out.printf("  %-16s %-18s %s; %s%n", p.name(), def, p.help(), p.type().accepted());
      }
      out.println();
    }
    return 0;
  }
}
