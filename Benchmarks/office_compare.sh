#!/usr/bin/env bash
# piiscan on a workbook (.xlsx) vs on its CSV export with the same rows, in one session, hot
# cache, one thread: what reading a sheet through ZIP, XML and shared strings costs over the CSV.
# With `parquet`, the same rows as a Parquet file (pyarrow's defaults: snappy, dictionaries;
# every column text, as the CSV holds it) instead: what reading pages and scanning values as
# database cells costs. Needs pyarrow (pip install pyarrow) for that.
# Usage: Benchmarks/office_compare.sh [ROWS] [xlsx|parquet]   (default 200000 xlsx; files in
# Benchmarks/corpus/office-ROWS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rows=${1:-200000}
format=${2:-xlsx}
out=$here/corpus/office-$rows
piiscan=${PIISCAN:-$here/../.build/release/piiscan}
[ -f "$out/customers.xlsx" ] || python3 "$here/gen_office.py" --rows "$rows" --out "$out"
if [ "$format" = parquet ] && [ ! -f "$out/customers.parquet" ]; then
  python3 -c '
import sys, pyarrow.csv as csv, pyarrow.parquet as pq
names = csv.read_csv(sys.argv[1], read_options=csv.ReadOptions(skip_rows_after_names=1 << 30)).column_names
table = csv.read_csv(sys.argv[1], convert_options=csv.ConvertOptions(column_types={n: "string" for n in names}))
pq.write_table(table, sys.argv[2])' "$out/customers.csv" "$out/customers.parquet"
fi
runs=${RUNS:-5}
cat "$out"/* >/dev/null  # warm the page cache
measure() {  # median wall seconds and the largest peak RSS (KB) of $runs runs; findings
  local samples=() rss=0
  for _ in $(seq "$runs"); do
    local line
    /usr/bin/time -o "$out/time.txt" -f '%e %M' "$piiscan" scan --no-config --progress never --threads 1 --format ndjson \
      -o "$out/report.ndjson" "$1" >/dev/null 2>&1 || true
    line=$(tail -1 "$out/time.txt")
    samples+=("${line% *}")
    [ "${line#* }" -gt "$rss" ] && rss=${line#* }
  done
  echo "$(printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p") $rss $(grep -c '"type":"finding"' "$out/report.ndjson")"
}
read -r tc rc fc <<<"$(measure "$out/customers.csv")"
read -r tx rx fx <<<"$(measure "$out/customers.$format")"
printf '%-16s %10s %9s %12s %10s\n' input bytes "median s" "peak RSS KB" findings
printf '%-16s %10s %9s %12s %10s\n' customers.csv "$(stat -c %s "$out/customers.csv")" "$tc" "$rc" "$fc"
printf '%-16s %10s %9s %12s %10s\n' "customers.$format" "$(stat -c %s "$out/customers.$format")" "$tx" "$rx" "$fx"
printf 'ratio %s / csv: %.2fx time (%s rows)\n' "$format" "$(echo "$tx / $tc" | bc -l)" "$rows"
