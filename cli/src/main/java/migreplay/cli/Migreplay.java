package migreplay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Properties;
import java.util.concurrent.Callable;
import migreplay.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code migreplay} command: a root that only lists its subcommands. Exit codes: 0 success, 1 bad data
 * (a malformed input, a failed check), 2 bad usage.
 */
@Command(
    name = "migreplay",
    mixinStandardHelpOptions = true,
    versionProvider = Migreplay.Version.class,
    description = {
      "Replays recorded dirty-page traces of VM guests through live-migration algorithms "
          + "(Xen 3.3.0 pre-copy, the improved pre-copy of Ma, Liu and Liu 2010, ...) and reports how long a "
          + "migration would take, how much it would send and how long the guest would be paused."
    },
    subcommands = {
      IngestCommand.class,
      InspectCommand.class,
      SynthCommand.class,
      ReplayCommand.class,
      ReportCommand.class,
      CheckCommand.class,
      RunCommand.class,
      DrainCommand.class,
      ValidateCommand.class,
      CompletionCommand.class,
      AlgorithmsCommand.class,
      HelpCommand.class,
    })
public final class Migreplay implements Callable<Integer> {
  /** Exit code for input that is malformed or a check that failed. */
  public static final int EXIT_BAD_DATA = 1;
  /** Exit code for a command line that is malformed. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  /** The command line with migreplay's exit-code mapping; tests call {@code execute(args)} on it. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Migreplay());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(Migreplay::handle);
    cl.setParameterExceptionHandler(Migreplay::usageError);
    return cl;
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine();
    int code;
    try {
      code = cl.execute(args);
    } catch (OutOfMemoryError e) {
      cl.getErr().println("migreplay: error: " + outOfMemory());
      code = EXIT_BAD_DATA;
    }
    // print() does not flush an autoflush PrintWriter; exit would drop what is still buffered.
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(code);
  }

  /** A usage error: one line naming the option, and where the help is; exit code 2. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    if (e instanceof CommandLine.UnmatchedArgumentException u && cl.getParent() == null && !u.getUnmatched().isEmpty()
        && args.length > 0 && args[0].equals(u.getUnmatched().get(0)) && !args[0].startsWith("-")) {
      err.println("migreplay: unknown command " + migreplay.io.Quote.of(args[0]) + "; the commands are "
          + String.join(", ", cl.getSubcommands().keySet()));
      err.println("try 'migreplay --help'");
      err.flush();
      return EXIT_USAGE;
    }
    err.println("migreplay: " + e.getMessage());
    err.println("try '" + cl.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return EXIT_USAGE;
  }

  /** Bad data and I/O errors become one line on stderr and exit code 1; bugs keep their stack trace. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        // A trace too big for the heap (e.g. a huge guest's bitmaps) is something a user can cause and fix.
        err.println("migreplay: error: " + outOfMemory());
        err.flush();
        return EXIT_BAD_DATA;
      }
    }
    if (cause instanceof CommandLine.ParameterException p) {
      err.println("migreplay: " + p.getMessage());
      return EXIT_USAGE;
    } else if (cause instanceof BadInputException || cause instanceof IOException) {
      err.println("migreplay: error: " + message(cause));
    } else {
      err.println("migreplay: internal error (please report it with the command line that caused it):");
      cause.printStackTrace(err);
    }
    err.flush();
    return EXIT_BAD_DATA;
  }

  /** What to say when the heap ran out: its size and how to give the JVM more. */
  static String outOfMemory() {
    return "out of memory: the Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB) is too small for "
        + "this input; give the JVM more with MIGREPLAY_JAVA_OPTS=-Xmx<size>, e.g. -Xmx16g";
  }

  /** One line for bad data or an I/O error: the file and what is wrong, never an exception's class name. */
  static String message(Throwable e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (cause instanceof IOException io) {
      return inWords(io);
    }
    return cause.getMessage();
  }

  /** An I/O failure as the path and what is wrong with it, without the exception's class name. */
  static String inWords(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String what = e instanceof NoSuchFileException ? "no such file or directory"
          : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof FileAlreadyExistsException ? "is in the way (a file where a directory is needed, or the reverse)"
          : e instanceof NotDirectoryException ? "is not a directory"
          : f.getReason() != null ? f.getReason().toLowerCase(java.util.Locale.ROOT) : "cannot be read or written";
      String reason = f.getReason() == null || what.equalsIgnoreCase(f.getReason()) ? "" : " (" + f.getReason() + ")";
      return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + what + reason;
    }
    String m = e.getMessage();
    return "input/output error" + (m == null || m.isBlank() ? "" : ": " + migreplay.io.Quote.escape(m, 300));
  }

  /** Reads the version Maven filtered into {@code migreplay-version.properties}. */
  public static final class Version implements IVersionProvider {
    /** The version number, e.g. {@code 0.1.0}, or {@code unknown}. */
    static String number() {
      Properties p = new Properties();
      try (InputStream in = Migreplay.class.getResourceAsStream("/migreplay-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
      return new String[] {
        "migreplay " + number(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
