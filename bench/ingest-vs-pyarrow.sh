#!/usr/bin/env bash
# migreplay ingest against single-threaded pyarrow (csv.read_csv -> sort if needed -> ZSTD IPC file) on the
# same deterministic CSVs (migreplay.bench.IngestCsvFiles): recorder-format epoch,pfn (16.8 M rows, sorted),
# t_us,pfn with random pages within each time (10 M rows) and the same rows shuffled. Each side runs REPEATS
# times per file; prints the best and the median rows/s of both and their ratio (ours / pyarrow), twice: for
# the conversion itself (pyarrow's read..close; migreplay's summary line: read, validate, sort, hash, write)
# and for the whole command (python with its imports; a cold JVM). Needs `mvn -B -DskipTests package` and
# pyarrow (pip install --no-index --find-links /opt/pypi/files pyarrow).
#
#   bench/ingest-vs-pyarrow.sh [DATA_DIR] [REPEATS] [ZSTD_LEVEL]
#
# MIGREPLAY_CMD runs another build instead of ./migreplay, e.g. an older jar for a before/after comparison:
#   MIGREPLAY_CMD="java --add-opens=java.base/java.nio=ALL-UNNAMED -jar /tmp/old.jar" bench/ingest-vs-pyarrow.sh
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$top/bench/target/bench-data}"
repeats="${2:-3}"
level="${3:-3}"
jar="$top/bench/target/benchmarks.jar"
read -ra migreplay <<<"${MIGREPLAY_CMD:-$top/migreplay}"
[ -f "$jar" ] && [ -f "$top/cli/target/migreplay.jar" ] || { echo "ingest-vs-pyarrow: build first: mvn -B -DskipTests package" >&2; exit 2; }
python3 -c 'import pyarrow' 2>/dev/null || { echo "ingest-vs-pyarrow: needs pyarrow: pip install --no-index --find-links /opt/pypi/files pyarrow" >&2; exit 2; }
mkdir -p "$dir"
java -cp "$jar" migreplay.bench.IngestCsvFiles "$dir"

now() { date +%s.%N; }
# stats "label" rows v1 v2 ...: seconds -> "best X M rows/s, median Y M rows/s"; sets best/median (M rows/s)
stats() {
  read -r best median < <(python3 -c 'import sys, statistics
rows = int(sys.argv[1]); s = sorted(float(x) for x in sys.argv[2:])
print(f"{rows / s[0] / 1e6:.2f} {rows / statistics.median(s) / 1e6:.2f}")' "$@")
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), pyarrow $(python3 -c 'import pyarrow; print(pyarrow.__version__)')"
echo "migreplay: ${migreplay[*]}"
echo "load before: $(uptime)"
# file time_column epoch_us ram_pages pyarrow_sorts
for spec in "recorder.csv epoch 10000 131072 0" "tus.csv t_us 0 4194304 1" "tus-shuffled.csv t_us 0 4194304 1"; do
  read -r file col epoch ram sort <<<"$spec"
  in="$dir/$file"
  rows=$(( $(grep -vc '^#' "$in") - 1 ))
  py_in=() py_all=() mr_in=() mr_all=()
  for ((r = 0; r < repeats; r++)); do
    s=$(now); out=$(python3 "$top/bench/ingest-vs-pyarrow.py" "$in" "$dir/pyarrow.arrow" "$col" "$epoch" "$sort" "$level"); e=$(now)
    py_in+=("${out%% *}"); py_all+=("$(python3 -c "print($e - $s)")")
    epoch_opt=(); [ "$epoch" != 0 ] && epoch_opt=(--epoch-us "$epoch")
    s=$(now)
    line=$("${migreplay[@]}" ingest "$in" "${epoch_opt[@]}" --ram-pages "$ram" --zstd-level "$level" --force -o "$dir/migreplay.trace.arrow")
    e=$(now)
    mr_all+=("$(python3 -c "print($e - $s)")")
    mr_in+=("$(sed -E 's/.* ([0-9.]+) s, [0-9]+ rows\/s.*/\1/' <<<"$line")")
  done
  echo "$file: $rows rows, $(du -m "$in" | cut -f1) MiB; last: $line"
  for what in conversion command; do
    if [ $what = conversion ]; then stats "$rows" "${py_in[@]}"; else stats "$rows" "${py_all[@]}"; fi
    pb=$best pm=$median
    if [ $what = conversion ]; then stats "$rows" "${mr_in[@]}"; else stats "$rows" "${mr_all[@]}"; fi
    python3 -c 'import sys; pb, pm, mb, mm = map(float, sys.argv[2:]); print(f"  {sys.argv[1]:10s} pyarrow best {pb:6.2f} median {pm:6.2f} M rows/s | migreplay best {mb:6.2f} median {mm:6.2f} M rows/s | ratio best {mb / pb:.2f} median {mm / pm:.2f}")' \
      "$what" "$pb" "$pm" "$best" "$median"
  done
done
echo "load after: $(uptime)"
