"""Single-threaded pyarrow CSV -> ZSTD Arrow IPC file, the measuring stick of bench/ingest-vs-pyarrow.sh.

usage: python3 bench/ingest-vs-pyarrow.py IN.csv OUT.arrow TIME_COLUMN EPOCH_US SORT(0|1) ZSTD_LEVEL
Prints the seconds from opening the CSV to closing the Arrow file (imports excluded) and the row count.
"""
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as csv
import pyarrow.ipc as ipc

src, out, time_col, epoch_us, sort, level = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1", int(sys.argv[6])
pa.set_cpu_count(1)
pa.set_io_thread_count(1)
t0 = time.perf_counter()
table = csv.read_csv(src, read_options=csv.ReadOptions(use_threads=False),
                     convert_options=csv.ConvertOptions(column_types={time_col: pa.int64(), "pfn": pa.int64()}))
t = table.column(time_col)
if epoch_us:
    t = pc.multiply(t, epoch_us)
table = pa.table({"t_us": t, "pfn": table.column("pfn")})
if sort:
    table = table.sort_by([("t_us", "ascending"), ("pfn", "ascending")])
options = ipc.IpcWriteOptions(compression=pa.Codec("zstd", compression_level=level), use_threads=False)
with ipc.new_file(out, table.schema, options=options) as w:
    w.write_table(table, max_chunksize=65536)
print(f"{time.perf_counter() - t0:.4f} {table.num_rows}")
