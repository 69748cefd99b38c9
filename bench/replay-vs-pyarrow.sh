#!/usr/bin/env bash
# Replay against single-threaded pyarrow decode of the same ZSTD trace file: ReplayBench's synthetic 16 GiB
# guest (4 M pages, 114 M rows over 120 s, generated into DATA_DIR the first time). Alternates, REPEATS times:
#   pyarrow  bench/replay-vs-pyarrow.py: ipc.open_file and every record batch read (ZSTD decompressed, both
#            int64 columns materialised) with set_cpu_count(1), set_io_thread_count(1); rows = the file's rows;
#   replay   migreplay.bench.ReplayRun in a fresh JVM: WARMUP xen-precopy runs, then the one measured (as
#            ReplayBench's repetitions after its first), at BANDWIDTH_BPS on one thread, reading the trace file
#            itself, from opening it to the result; rows = writes applied (the trace rows it read and replayed,
#            counted again in each lap when the trace loops). WARMUP=0 measures a JVM's first run (JIT warm-up
#            included; Arrow's classes are loaded before the clock starts, as pyarrow is imported first).
# Prints best and median M rows/s of both and the ratio replay / pyarrow, for wall time and for CPU time (the
# process's: pyarrow's threads; the JVM's JIT compiler and GC threads too; and the replay thread alone). On this
# shared 2-core machine CPU time is the steadier figure. Needs `mvn -B -DskipTests package` and pyarrow.
#
#   bench/replay-vs-pyarrow.sh [DATA_DIR] [REPEATS] [BANDWIDTH_BPS] [WARMUP]
#   (defaults: bench/target/bench-data 5 2000000000 1)
#
# 2 Gbit/s replays the trace about 1.9 times (11 rounds, 280 s migrated); ReplayBench's default, 10 Gbit/s, ends
# the migration before the trace's end. MIGREPLAY_JAR measures another build's engine, put before the benchmark
# classes on the class path (e.g. the cli/target/migreplay.jar of an older commit):
#   MIGREPLAY_JAR=/tmp/old-migreplay.jar bench/replay-vs-pyarrow.sh
# JAVA_OPTS adds JVM options (default -Xmx512m, as ReplayBench's command).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$top/bench/target/bench-data}"
repeats="${2:-5}"
bw="${3:-2000000000}"
warmup="${4:-1}"
jar="$top/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "replay-vs-pyarrow: build first: mvn -B -DskipTests package" >&2; exit 2; }
python3 -c 'import pyarrow' 2>/dev/null || { echo "replay-vs-pyarrow: needs pyarrow: pip install --no-index --find-links /opt/pypi/files pyarrow" >&2; exit 2; }
cp="$jar"
if [ -n "${MIGREPLAY_JAR:-}" ]; then
  [ -f "$MIGREPLAY_JAR" ] || { echo "replay-vs-pyarrow: MIGREPLAY_JAR=$MIGREPLAY_JAR: no such file" >&2; exit 2; }
  cp="$MIGREPLAY_JAR:$jar"
fi
read -ra jvm <<<"${JAVA_OPTS:--Xmx512m}"
java_run() { java "${jvm[@]}" --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$cp" migreplay.bench.ReplayRun "$dir" "$bw" $((warmup + 1)) | tail -1; }
trace="$dir/guest16g.trace.arrow"
[ -f "$trace" ] || java_run >/dev/null # generates the trace

# field NAME LINE: the value of NAME=... in LINE
field() { sed -E "s/.*[ ^]$1=([^ ]+).*/\1/" <<<" $2"; }
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), pyarrow $(python3 -c 'import pyarrow; print(pyarrow.__version__)')"
echo "engine: ${MIGREPLAY_JAR:-$jar}; trace: $trace ($(du -m "$trace" | cut -f1) MiB), bandwidth $bw bit/s, $warmup warm-up run(s) per JVM"
echo "load before: $(uptime)"
py_rows=0 mr_rows=0 py_wall=() py_cpu=() mr_wall=() mr_cpu=() mr_tcpu=()
for ((r = 0; r < repeats; r++)); do
  line=$(python3 "$top/bench/replay-vs-pyarrow.py" "$trace")
  py_rows=$(field rows "$line"); py_wall+=("$(field wall_s "$line")"); py_cpu+=("$(field process_cpu_s "$line")")
  line=$(java_run)
  echo "  $line"
  mr_rows=$(field rows "$line"); mr_wall+=("$(field wall_s "$line")"); mr_cpu+=("$(field process_cpu_s "$line")")
  mr_tcpu+=("$(field thread_cpu_s "$line")")
done
echo "load after: $(uptime)"
python3 - "$py_rows" "$mr_rows" "${py_wall[*]}" "${py_cpu[*]}" "${mr_wall[*]}" "${mr_cpu[*]}" "${mr_tcpu[*]}" <<'PY'
import statistics, sys
py_rows, mr_rows = int(sys.argv[1]), int(sys.argv[2])
py_wall, py_cpu, mr_wall, mr_cpu, mr_tcpu = ([float(x) for x in a.split()] for a in sys.argv[3:8])
def rate(rows, s): return rows / min(s) / 1e6, rows / statistics.median(s) / 1e6
print(f"pyarrow: {py_rows} rows decoded per run; replay: {mr_rows} rows replayed per run "
      f"({mr_rows / py_rows:.2f}x the file's rows)")
for what, py, mr in (("wall", py_wall, mr_wall), ("CPU", py_cpu, mr_cpu), ("CPU, replay thread", py_cpu, mr_tcpu)):
    pb, pm = rate(py_rows, py)
    mb, mm = rate(mr_rows, mr)
    print(f"  {what:18s} pyarrow best {pb:6.1f} median {pm:6.1f} M rows/s | replay best {mb:6.1f} median {mm:6.1f}"
          f" M rows/s | ratio best {mb / pb:.2f} median {mm / pm:.2f}")
PY
