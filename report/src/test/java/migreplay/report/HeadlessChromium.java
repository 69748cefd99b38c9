package migreplay.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless, with every network request made to fail. */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  /** What a page load printed: the DOM after scripts ran, and chromium's log (console messages included). */
  record Load(String dom, String log) {}

  private HeadlessChromium() {}

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  private static List<String> base(Path profile) {
    return new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--user-data-dir=" + profile,
        // no network: every name resolves to nothing and every proxied request goes nowhere
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
        "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"));
  }

  static Load dumpDom(Path page, Path profile) throws IOException, InterruptedException {
    List<String> cmd = base(profile);
    cmd.add("--dump-dom");
    cmd.add(page.toUri().toString());
    Path err = Files.createTempFile("chromium", ".log");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("chromium did not finish in 120 s");
      }
      return new Load(dom, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  static void screenshot(Path page, Path png, Path profile) throws IOException, InterruptedException {
    List<String> cmd = base(profile);
    cmd.add("--window-size=1280,3000");
    cmd.add("--hide-scrollbars");
    cmd.add("--screenshot=" + png.toAbsolutePath());
    cmd.add(page.toUri().toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(png)) {
      throw new IOException("chromium wrote no screenshot to " + png);
    }
  }

  /** Console messages at error level, uncaught exceptions and failed loads, from chromium's log. */
  static List<String> consoleErrors(String log) {
    List<String> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains("Error") || line.contains("ERR_")
          || line.contains("Failed to load"))) {
        out.add(line);
      }
    }
    return out;
  }
}
