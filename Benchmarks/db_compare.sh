#!/usr/bin/env bash
# piiscan on a SQLite database vs `sqlite3 DB .dump | rg -c -P` with the same patterns, in one
# session, hot cache. Prints rows/s and the ratio.
# Usage: Benchmarks/db_compare.sh [DB]   (default: Benchmarks/corpus/shop.db, generated if missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=${1:-$here/corpus/shop.db}
piiscan=${PIISCAN:-$here/../.build/release/piiscan}
[ -f "$db" ] || python3 "$here/gen_db.py" --out "$db"
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing (apt-get install -y sqlite3)"; exit 1; }
rows=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders)")
cat "$db" >/dev/null  # warm the page cache
runs=${RUNS:-3}
time_it() {  # median wall seconds of $runs runs of "$@"
  local samples=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    samples+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
t1=$(time_it "$piiscan" scan --threads 1 --format ndjson "$db")
t2=$(time_it "$piiscan" scan --threads 2 --format ndjson "$db")
tr=$(time_it sh -c "sqlite3 '$db' .dump | rg -j1 -c -P -f '$here/patterns/rg-pcre.txt'")
printf '%-44s %8s %12s\n' "command" "median s" "rows/s"
printf '%-44s %8.3f %12.0f\n' "piiscan --threads 1" "$t1" "$(echo "$rows / $t1" | bc -l)"
printf '%-44s %8.3f %12.0f\n' "piiscan --threads 2" "$t2" "$(echo "$rows / $t2" | bc -l)"
printf '%-44s %8.3f %12.0f\n' "sqlite3 .dump | rg -j1 -c -P (4 patterns)" "$tr" "$(echo "$rows / $tr" | bc -l)"
printf 'ratio piiscan 1 thread / dump|rg: %.2fx   (%s rows)\n' "$(echo "$tr / $t1" | bc -l)" "$rows"
