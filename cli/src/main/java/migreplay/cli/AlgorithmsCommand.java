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
    int nameWidth = 0;
    int defaultWidth = 0;
    for (Algorithm a : Algorithm.values()) {
      for (ParamSpec p : a.params()) {
        nameWidth = Math.max(nameWidth, p.name().length());
        defaultWidth = Math.max(defaultWidth, defaultWithUnit(p).length());
      }
    }
    String row = "  %-" + nameWidth + "s  %-" + defaultWidth + "s  %s; %s%n";
    for (Algorithm a : Algorithm.values()) {
      out.printf("%s: %s%n", a.label(), a.description());
      if (a.params().isEmpty()) {
        out.printf("  (no parameters)%n");
      }
      for (ParamSpec p : a.params()) {
        out.printf(row, p.name(), defaultWithUnit(p), p.help(), p.type().accepted());
      }
      out.println();
    }
    return 0;
  }

  /**
   * The default with its unit when the value is a bare number ({@code 29 rounds}); a value written with its
   * unit ({@code 128MiB/s}, {@code 300ms}) stands alone, so the unit is not doubled.
   */
  static String defaultWithUnit(ParamSpec p) {
    boolean bare = p.defaultValue().matches("[0-9.]+");
    return p.unit().isEmpty() || !bare ? p.defaultValue() : p.defaultValue() + " " + p.unit();
  }
}
