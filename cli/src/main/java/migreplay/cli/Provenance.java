package migreplay.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What wrote a results directory, for the metadata of its files: {@code migreplay.version}, the command line
 * as typed ({@code migreplay.command}) and every option's value, defaults included ({@code migreplay.options},
 * one {@code --name=value} per line). How the runs were executed (threads, engine, master, decode memory) is
 * left out of both, because it cannot change the results and the files must stay byte-identical for any of it.
 */
final class Provenance {
  /** Options that do not shape results. */
  private static final List<String> LEFT_OUT = List.of("--threads", "--engine", "--master", "--decode-memory",
      "--help", "--version");

  private Provenance() {}

  static Map<String, String> of(CommandSpec command) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("migreplay.version", Migreplay.Version.number());
    m.put("migreplay.command", commandLine(command));
    StringBuilder options = new StringBuilder();
    for (OptionSpec o : command.options()) {
      if (LEFT_OUT.contains(o.longestName()) || o.getValue() == null) {
        continue;
      }
      options.append(o.longestName()).append('=').append(typed(o)).append('\n');
    }
    for (PositionalParamSpec p : command.positionalParameters()) {
      if (p.getValue() != null) {
        options.append(p.paramLabel()).append('=').append(text(p.getValue())).append('\n');
      }
    }
    m.put("migreplay.options", options.toString());
    return m;
  }

  /** An option's value as the user typed it (e.g. {@code 10Mbit,1Gbit}), else its default as declared. */
  private static String typed(OptionSpec o) {
    if (!o.originalStringValues().isEmpty()) {
      return String.join(",", o.originalStringValues());
    }
    return o.defaultValue() != null ? o.defaultValue() : text(o.getValue());
  }

  private static String text(Object v) {
    if (v instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>();
      c.forEach(x -> parts.add(String.valueOf(x)));
      return String.join(",", parts);
    }
    return v instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : String.valueOf(v);
  }

  /** "migreplay SUBCOMMAND args…" as typed, without the options that do not shape results and their values. */
  private static String commandLine(CommandSpec command) {
    List<String> args = command.root().commandLine().getParseResult().originalArgs();
    StringBuilder b = new StringBuilder("migreplay");
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      OptionSpec o = command.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
      if (o == null && a.startsWith("-j") && a.length() > 2) {
        continue; // -j4
      }
      if (o != null && LEFT_OUT.contains(o.longestName())) {
        if (!a.contains("=") && o.arity().max() > 0) {
          i++;
        }
        continue;
      }
      b.append(' ').append(quote(a));
    }
    return b.toString();
  }

  private static String quote(String a) {
    return a.matches("[A-Za-z0-9_./:=,%@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
  }
}
