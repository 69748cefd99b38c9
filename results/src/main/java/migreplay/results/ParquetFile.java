package migreplay.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.io.AtomicOutput;

/**
 * Writes a small table as an Apache Parquet file (format 2.x, readable by DuckDB, pyarrow, pandas and Spark
 * without anything else installed): one row group, one uncompressed v1 data page per column, PLAIN values,
 * definition levels in the RLE/bit-packed hybrid for nullable columns, the footer in Thrift's compact
 * protocol. Results tables are thousands of rows, so this subset of the format is all they need, and it
 * costs no dependency (parquet-java needs Hadoop's classes at run time). Deterministic: the same table gives
 * the same bytes.
 */
final class ParquetFile {
  /** Physical types, with the logical string type as {@code STRING}. */
  enum Type {
    BOOLEAN(0), INT32(1), INT64(2), DOUBLE(5), STRING(6);

    final int physical;

    Type(int physical) {
      this.physical = physical;
    }
  }

  /**
   * A column of values (null only where {@code nullable}); values are Boolean, Integer, Long, Double or String
   * as {@code type} says.
   */
  record Column(String name, Type type, boolean nullable, Object[] values) {}

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final int REQUIRED = 0;
  private static final int OPTIONAL = 1;
  private static final int ENCODING_PLAIN = 0;
  private static final int ENCODING_RLE = 3;
  private static final int CONVERTED_UTF8 = 0;

  private ParquetFile() {}

  /** Writes {@code rows} rows of {@code columns} to {@code file} atomically, with key-value metadata. */
  static void write(Path file, List<Column> columns, int rows, Map<String, String> keyValue) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(MAGIC);
    long[] pageOffsets = new long[columns.size()];
    long[] chunkSizes = new long[columns.size()];
    for (int c = 0; c < columns.size() && rows > 0; c++) {
      byte[] data = page(columns.get(c), rows);
      Thrift header = new Thrift();
      header.i32(1, 0); // type: DATA_PAGE
      header.i32(2, data.length); // uncompressed_page_size
      header.i32(3, data.length); // compressed_page_size
      header.beginStruct(5); // data_page_header
      header.i32(1, rows); // num_values, nulls included
      header.i32(2, ENCODING_PLAIN);
      header.i32(3, ENCODING_RLE); // definition levels
      header.i32(4, ENCODING_RLE); // repetition levels
      header.endStruct();
      header.stop();
      pageOffsets[c] = body.size();
      chunkSizes[c] = header.size() + data.length;
      header.writeTo(body);
      body.write(data);
    }
    Thrift meta = new Thrift();
    meta.i32(1, 1); // version
    meta.beginList(2, Thrift.STRUCT, columns.size() + 1); // schema: the root, then one leaf per column
    meta.beginElement();
    meta.binary(4, "schema");
    meta.i32(5, columns.size()); // num_children
    meta.endElement();
    for (Column col : columns) {
      meta.beginElement();
      meta.i32(1, col.type().physical);
      meta.i32(3, col.nullable() ? OPTIONAL : REQUIRED);
      meta.binary(4, col.name());
      if (col.type() == Type.STRING) {
        meta.i32(6, CONVERTED_UTF8);
      }
      meta.endElement();
    }
    meta.i64(3, rows); // num_rows
    meta.beginList(4, Thrift.STRUCT, rows > 0 ? 1 : 0); // row_groups
    if (rows > 0) {
      meta.beginElement();
      meta.beginList(1, Thrift.STRUCT, columns.size()); // columns
      long total = 0;
      for (int c = 0; c < columns.size(); c++) {
        Column col = columns.get(c);
        meta.beginElement();
        meta.i64(2, pageOffsets[c]); // file_offset
        meta.beginStruct(3); // meta_data
        meta.i32(1, col.type().physical);
        meta.beginList(2, Thrift.I32, 2); // encodings
        meta.listI32(ENCODING_PLAIN);
        meta.listI32(ENCODING_RLE);
        meta.beginList(3, Thrift.BINARY, 1); // path_in_schema
        meta.listBinary(col.name());
        meta.i32(4, 0); // codec: UNCOMPRESSED
        meta.i64(5, rows); // num_values
        meta.i64(6, chunkSizes[c]); // total_uncompressed_size
        meta.i64(7, chunkSizes[c]); // total_compressed_size
        meta.i64(9, pageOffsets[c]); // data_page_offset
        meta.endStruct();
        meta.endElement();
        total += chunkSizes[c];
      }
      meta.i64(2, total); // total_byte_size
      meta.i64(3, rows); // num_rows
      meta.endElement();
    }
    meta.beginList(5, Thrift.STRUCT, keyValue.size()); // key_value_metadata
    for (Map.Entry<String, String> e : keyValue.entrySet()) {
      meta.beginElement();
      meta.binary(1, e.getKey());
      meta.binary(2, e.getValue());
      meta.endElement();
    }
    meta.binary(6, "migreplay"); // created_by
    meta.stop();
    meta.writeTo(body);
    writeIntLe(body, meta.size());
    body.write(MAGIC);
    try (AtomicOutput out = AtomicOutput.create(file)) {
      Files.write(out.temp(), body.toByteArray());
      out.commit();
    }
  }

  /** A v1 data page: definition levels (nullable columns only), then the PLAIN non-null values. */
  private static byte[] page(Column col, int rows) throws IOException {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    Object[] v = col.values();
    if (col.nullable()) {
      // RLE runs of definition levels (bit width 1): varint(run << 1), then the level in one byte.
      ByteArrayOutputStream levels = new ByteArrayOutputStream();
      int i = 0;
      while (i < rows) {
        boolean present = v[i] != null;
        int j = i;
        while (j < rows && (v[j] != null) == present) {
          j++;
        }
        writeVarint(levels, (long) (j - i) << 1);
        levels.write(present ? 1 : 0);
        i = j;
      }
      writeIntLe(page, levels.size());
      levels.writeTo(page);
    } else {
      for (int i = 0; i < rows; i++) {
        if (v[i] == null) {
          throw new IllegalArgumentException("null in required column " + col.name() + " at row " + i);
        }
      }
    }
    int bits = 0;
    int acc = 0;
    for (int i = 0; i < rows; i++) {
      Object x = v[i];
      if (x == null) {
        continue;
      }
      switch (col.type()) {
        case BOOLEAN -> {
          acc |= ((Boolean) x ? 1 : 0) << bits;
          if (++bits == 8) {
            page.write(acc);
            bits = 0;
            acc = 0;
          }
        }
        case INT32 -> writeIntLe(page, (Integer) x);
        case INT64 -> writeLongLe(page, (Long) x);
        case DOUBLE -> writeLongLe(page, Double.doubleToRawLongBits((Double) x));
        case STRING -> {
          byte[] b = ((String) x).getBytes(StandardCharsets.UTF_8);
          writeIntLe(page, b.length);
          page.write(b);
        }
      }
    }
    if (bits > 0) {
      page.write(acc);
    }
    return page.toByteArray();
  }

  private static void writeIntLe(OutputStream out, int v) throws IOException {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  private static void writeLongLe(OutputStream out, long v) throws IOException {
    writeIntLe(out, (int) v);
    writeIntLe(out, (int) (v >>> 32));
  }

  private static void writeVarint(OutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** The part of Thrift's compact protocol Parquet's footer and page headers use. */
  private static final class Thrift {
    static final int I32 = 5;
    static final int I64 = 6;
    static final int BINARY = 8;
    static final int LIST = 9;
    static final int STRUCT = 12;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int[] lastIds = new int[16];
    private int depth;

    int size() {
      return out.size();
    }

    void writeTo(OutputStream o) throws IOException {
      out.writeTo(o);
    }

    private void field(int id, int type) {
      int delta = id - lastIds[depth];
      if (delta > 0 && delta <= 15) {
        out.write(delta << 4 | type);
      } else {
        out.write(type);
        varint(zigzag(id));
      }
      lastIds[depth] = id;
    }

    void i32(int id, int v) {
      field(id, I32);
      varint(zigzag(v));
    }

    void i64(int id, long v) {
      field(id, I64);
      varint(zigzag(v));
    }

    void binary(int id, String s) {
      field(id, BINARY);
      listBinary(s);
    }

    void beginStruct(int id) {
      field(id, STRUCT);
      beginElement();
    }

    void endStruct() {
      endElement();
    }

    /** A struct as a list element: its own field ids from 0. */
    void beginElement() {
      lastIds[++depth] = 0;
    }

    void endElement() {
      stop();
      depth--;
    }

    void beginList(int id, int elementType, int size) {
      field(id, LIST);
      if (size < 15) {
        out.write(size << 4 | elementType);
      } else {
        out.write(0xF0 | elementType);
        varint(size);
      }
    }

    void listI32(int v) {
      varint(zigzag(v));
    }

    void listBinary(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      out.write(b, 0, b.length);
    }

    void stop() {
      out.write(0);
    }

    private static long zigzag(long v) {
      return (v << 1) ^ (v >> 63);
    }

    private void varint(long v) {
      try {
        writeVarint(out, v);
      } catch (IOException e) {
        throw new IllegalStateException(e); // a ByteArrayOutputStream does not throw
      }
    }
  }
}
