package migreplay.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file that appears whole or not at all: writers write to {@link #temp()}, a hidden file beside the
 * target, and {@link #commit()} renames it over the target. Closing without committing deletes the
 * temporary file, so a failed write leaves nothing half-written behind.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.create(target)) {
 *   Files.writeString(out.temp(), text);
 *   out.commit();
 * }
 * }</pre>
 */
public final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private boolean committed;

  private AtomicOutput(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  /** Creates the target's parent directories and a fresh temporary file beside the target. */
  public static AtomicOutput create(Path target) throws IOException {
    checkWritable(target);
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    createDirectories(dir);
    Path temp;
    try {
      temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    } catch (FileSystemException e) {
      // Name the output, not the hidden temporary file the user never asked for.
      throw new BadInputException(target.toString(), "cannot be written: " + reason(e) + " in directory " + dir);
    }
    try {
      // createTempFile makes the file private (0600); the finished file should read like any other output.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep its defaults
    }
    return new AtomicOutput(abs, temp);
  }

  /**
   * Checks, in words, that {@code target} can be a file written here: it is not a directory, and no existing
   * ancestor of it is a file.
   *
   * @throws BadInputException naming the path that is in the way
   */
  public static void checkWritable(Path target) {
    if (Files.isDirectory(target)) {
      throw new BadInputException(target.toString(), "is a directory; expected a file to write");
    }
    for (Path p = target.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new BadInputException(p.toString(), "is a file, not a directory (the output " + target
              + " would lie in it)");
        }
        return;
      }
    }
  }

  /** {@link Files#createDirectories}, a failure said in words naming the directory. */
  public static void createDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      throw new BadInputException(e.getFile() == null ? dir.toString() : e.getFile(),
          "cannot create this directory: " + reason(e));
    }
  }

  private static String reason(FileSystemException e) {
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e.getReason() == null ? "the file system refused" : e.getReason().toLowerCase(java.util.Locale.ROOT);
  }

  /** Writes {@code text} atomically to {@code target}. */
  public static void writeString(Path target, String text) throws IOException {
    try (AtomicOutput out = create(target)) {
      Files.writeString(out.temp(), text);
      out.commit();
    }
  }

  public Path temp() {
    return temp;
  }

  public Path target() {
    return target;
  }

  /** Renames the temporary file over the target (atomically where the file system allows). */
  public void commit() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** Deletes the temporary file unless committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(temp);
    }
  }
}
