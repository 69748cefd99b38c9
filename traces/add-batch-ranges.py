#!/usr/bin/env python3
"""Adds each record batch's t_us range (footer key batch_t_us, "first-last" comma separated, as migreplay's
TraceWriter writes it) to canonical traces written before migreplay recorded it. Rows, batches, schema and
schema metadata are kept as they are; the buffers are ZSTD-compressed again (level 3, TraceWriter's default).
The file is written beside the trace and renamed over it.

    python3 traces/add-batch-ranges.py TRACE.arrow...
"""
import os
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc


def add(path):
    with ipc.open_file(path) as r:
        footer = dict(r.metadata or {})
        if b"batch_t_us" in footer:
            print(f"{path}: already has batch_t_us")
            return
        batches = [r.get_batch(i) for i in range(r.num_record_batches)]
        schema = r.schema
    ranges = []
    for b in batches:
        t = b.column("t_us")
        ranges.append(f"{t[0].as_py()}-{t[len(t) - 1].as_py()}" if len(t) else "")
    footer[b"batch_t_us"] = ",".join(ranges).encode()
    tmp = path + ".tmp"
    opts = ipc.IpcWriteOptions(compression=pa.Codec("zstd", compression_level=3))
    with pa.OSFile(tmp, "wb") as sink, ipc.new_file(sink, schema, options=opts, metadata=footer) as w:
        for b in batches:
            w.write_batch(b)
    os.replace(tmp, path)
    print(f"{path}: {len(batches)} batch ranges added")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        add(p)
