package migreplay.spark;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.TaskContext;

/**
 * The local file system under the scheme {@code flaky:}, whose files cannot be opened by a Spark task's
 * first attempt: a task that fails once, for Spark to retry.
 */
public final class FlakyFileSystem extends RawLocalFileSystem {
  @Override
  public URI getUri() {
    return URI.create("flaky:///");
  }

  @Override
  public String getScheme() {
    return "flaky";
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0) {
      throw new IOException("injected failure of attempt 0 of task " + task.partitionId());
    }
    return super.open(f, bufferSize);
  }
}
