package migreplay.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import migreplay.io.AtomicOutput;
import migreplay.report.TableFiles;
import tech.tablesaw.api.Table;

/** Writes a validation's {@code validation.csv}, {@code validation.arrow} and {@code index.html}, each atomically. */
public final class ValidationOutput {
  private ValidationOutput() {}

  /** Writes the three files into {@code dir} and returns the path of index.html. */
  public static Path write(Path dir, Validation.Outcome o, Summary s, String source) throws IOException {
    Files.createDirectories(dir);
    Table t = ValidationTable.of(o.rows());
    TableFiles.writeCsv(t, dir.resolve("validation.csv"));
    TableFiles.writeArrow(t, dir.resolve("validation.arrow"));
    Path index = dir.resolve("index.html");
    AtomicOutput.writeString(index, ValidationPage.html(o, s, source));
    return index;
  }
}
