package migreplay.trace;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * An {@link ArrowFileWriter} that also takes record batches already unloaded (and compressed) elsewhere, so
 * that {@link TraceWriter} can compress batches on other threads and write them in order. A batch unloaded by
 * a {@code VectorUnloader(root, true, codec, true)}, as the writer's own, is written byte for byte as
 * {@link #writeBatch()} would write it.
 */
final class BatchFileWriter extends ArrowFileWriter {
  BatchFileWriter(VectorSchemaRoot root, WritableByteChannel out, Map<String, String> footer,
      CompressionCodec.Factory factory, CompressionUtil.CodecType codec, int level) {
    super(root, null, out, footer, IpcOption.DEFAULT, factory, codec, Optional.of(level));
  }

  /** Appends an unloaded batch (the caller closes it). */
  void write(ArrowRecordBatch batch) throws IOException {
    writeRecordBatch(batch);
  }
}
