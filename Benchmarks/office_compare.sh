#!/usr/bin/env bash
# piiscan on a workbook (.xlsx) vs on its CSV export with the same rows, in one session, hot
# cache, one thread: what reading a sheet through ZIP, XML and shared strings costs over the CSV.
# Usage: Benchmarks/office_compare.sh [ROWS]   (default 200000; files in Benchmarks/corpus/office)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rows=${1:-200000}
out=$here/corpus/office-$rows
piiscan=${PIISCAN:-$here/../.build/release/piiscan}
[ -f "$out/customers.xlsx" ] || python3 "$here/gen_office.py" --rows "$rows" --out "$out"
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
read -r tx rx fx <<<"$(measure "$out/customers.xlsx")"
printf '%-16s %10s %9s %12s %10s\n' input bytes "median s" "peak RSS KB" findings
printf '%-16s %10s %9s %12s %10s\n' customers.csv "$(stat -c %s "$out/customers.csv")" "$tc" "$rc" "$fc"
printf '%-16s %10s %9s %12s %10s\n' customers.xlsx "$(stat -c %s "$out/customers.xlsx")" "$tx" "$rx" "$fx"
printf 'ratio xlsx / csv: %.2fx time (%s rows)\n' "$(echo "$tx / $tc" | bc -l)" "$rows"
