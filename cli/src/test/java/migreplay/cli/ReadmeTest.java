package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README stands alone, and its commands write outside the Maven modules' folders. */
class ReadmeTest {
  static final Path README = Path.of("../README.md");
  static final List<String> MODULES = List.of("ingest", "replay", "report", "cli", "bench");

  @Test
  void linksNothingOutsideTheRepository() throws IOException {
    String text = Files.readString(README);
    assertFalse(text.contains("../"), "the README refers to a path outside the repository");
  }

  @Test
  void commandsWriteOutsideTheModuleFolders() throws IOException {
    Matcher m = Pattern.compile("(?:-o|--output|cp -r \\S+) +([^\\s`'\"]+)").matcher(Files.readString(README));
    List<String> intoModules = new ArrayList<>();
    while (m.find()) {
      String first = m.group(1).replaceFirst("^\\./", "").split("/")[0];
      if (MODULES.contains(first)) {
        intoModules.add(m.group());
      }
    }
    assertEquals(List.of(), intoModules);
  }
}
