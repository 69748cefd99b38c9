"""Single-threaded pyarrow decode of a trace file, the measuring stick of bench/replay-vs-pyarrow.sh.

usage: python3 bench/replay-vs-pyarrow.py TRACE.arrow [RUNS]
Reads every record batch of the Arrow IPC file (ZSTD decompressed, both int64 columns materialised) with
pa.set_cpu_count(1) and pa.set_io_thread_count(1), RUNS times (default 1). Per run, prints one line:
rows, wall seconds and process CPU seconds from ipc.open_file to the last batch (imports excluded).
"""
import sys
import time

import pyarrow as pa
import pyarrow.ipc as ipc

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
pa.set_cpu_count(1)
pa.set_io_thread_count(1)
for _ in range(runs):
    c0, t0 = time.process_time(), time.perf_counter()
    rows = 0
    check = 0
    with ipc.open_file(path) as r:
        for i in range(r.num_record_batches):
            b = r.get_batch(i)
            rows += b.num_rows
            # touch both decoded columns' buffers, as the replay reads both
            check += len(b.column(0).buffers()[1]) + len(b.column(1).buffers()[1])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"pyarrow rows={rows} wall_s={wall:.4f} process_cpu_s={cpu:.4f} bytes={check}")
