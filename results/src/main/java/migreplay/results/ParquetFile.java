package migreplay.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.io.AtomicOutput;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes a small table as an Apache Parquet file with Apache parquet-java ({@code parquet-hadoop}), without
 * Hadoop at run time: a {@link LocalOutputFile}, a {@link PlainParquetConfiguration} and an uncompressed codec
 * factory (parquet-java's own {@code CodecFactory} needs Hadoop's classes to load). parquet-java's default
 * encodings, statistics and page indexes. Deterministic: the same table gives the same bytes (the footer's
 * {@code created_by} names the parquet-java version; no time stamp).
 */
final class ParquetFile {
  /** Column types, with the logical string type as {@code STRING}. */
  enum Type {
    BOOLEAN(PrimitiveTypeName.BOOLEAN), INT32(PrimitiveTypeName.INT32), INT64(PrimitiveTypeName.INT64),
    DOUBLE(PrimitiveTypeName.DOUBLE), STRING(PrimitiveTypeName.BINARY);

    final PrimitiveTypeName physical;

    Type(PrimitiveTypeName physical) {
      this.physical = physical;
    }
  }

  /**
   * A column of values (null only where {@code nullable}); values are Boolean, Integer, Long, Double or String
   * as {@code type} says.
   */
  record Column(String name, Type type, boolean nullable, Object[] values) {}

  private ParquetFile() {}

  /** Writes {@code rows} rows of {@code columns} to {@code file} atomically, with key-value metadata. */
  static void write(Path file, List<Column> columns, int rows, Map<String, String> keyValue) throws IOException {
    Types.MessageTypeBuilder schema = Types.buildMessage();
    for (Column col : columns) {
      Types.PrimitiveBuilder<PrimitiveType> field = Types.primitive(col.type().physical,
          col.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED);
      if (col.type() == Type.STRING) {
        field = field.as(LogicalTypeAnnotation.stringType());
      }
      schema.addField(field.named(col.name()));
    }
    Table table = new Table(schema.named("schema"), columns, keyValue);
    try (AtomicOutput out = AtomicOutput.create(file)) {
      try (ParquetWriter<Integer> w = new Builder(new LocalOutputFile(out.temp()), table)
          .withConf(new PlainParquetConfiguration())
          .withCodecFactory(Uncompressed.FACTORY)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build()) {
        for (int i = 0; i < rows; i++) {
          w.write(i);
        }
      }
      out.commit();
    }
  }

  private record Table(MessageType schema, List<Column> columns, Map<String, String> keyValue) {}

  /** Writes row {@code i} of the table's columns; a null is a missing optional field. */
  private static final class Rows extends WriteSupport<Integer> {
    private final Table table;
    private RecordConsumer out;

    Rows(Table table) {
      this.table = table;
    }

    @Override
    public WriteContext init(ParquetConfiguration conf) {
      return new WriteContext(table.schema(), table.keyValue());
    }

    @Override
    @SuppressWarnings("deprecation") // abstract, so implemented; only the ParquetConfiguration one is called
    public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
      return new WriteContext(table.schema(), table.keyValue());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Integer row) {
      out.startMessage();
      List<Column> columns = table.columns();
      for (int c = 0; c < columns.size(); c++) {
        Column col = columns.get(c);
        Object v = col.values()[row];
        if (v == null) {
          if (!col.nullable()) {
            throw new IllegalArgumentException("null in required column " + col.name() + " at row " + row);
          }
          continue;
        }
        out.startField(col.name(), c);
        switch (col.type()) {
          case BOOLEAN -> out.addBoolean((Boolean) v);
          case INT32 -> out.addInteger((Integer) v);
          case INT64 -> out.addLong((Long) v);
          case DOUBLE -> out.addDouble((Double) v);
          case STRING -> out.addBinary(Binary.fromString((String) v));
        }
        out.endField(col.name(), c);
      }
      out.endMessage();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final Table table;

    Builder(OutputFile file, Table table) {
      super(file);
      this.table = table;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
      return new Rows(table);
    }

    @Override
    @SuppressWarnings("deprecation") // abstract, so implemented; only the ParquetConfiguration one is called
    protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new Rows(table);
    }
  }

  /** Pages as they are: parquet-java 1.18's codec factories load Hadoop's codec classes, even for none. */
  private enum Uncompressed implements CompressionCodecFactory, CompressionCodecFactory.BytesInputCompressor {
    FACTORY;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
      if (codec != CompressionCodecName.UNCOMPRESSED) {
        throw new IllegalArgumentException("only uncompressed pages are written, not " + codec);
      }
      return this;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
      throw new UnsupportedOperationException("this factory only writes");
    }

    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public void release() {}
  }
}
