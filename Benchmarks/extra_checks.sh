#!/usr/bin/env bash
# The targets of issue 6 besides log throughput, each next to its peer in the same session:
# SQLite rows/s (vs `sqlite3 .dump | rg -P`), 2-thread scaling on many small files, gzip overlap
# (a .gz corpus vs decompressing it plus scanning the text), start-up time, and optionally peak
# RSS over a 4 GB stream. Run by compare.sh after its table; can be run alone.
#
# Usage: Benchmarks/extra_checks.sh [PIISCAN]
# Environment (each check is skipped when its input is missing; nothing is generated unless GEN=1):
#   DB      SQLite database (default Benchmarks/corpus/shop.db; gen_db.py --rows 300000)
#   SMALL   many-small-files corpus (default Benchmarks/corpus/small; gen_corpus.py --many-small)
#   GZ      directory of .gz files and PLAIN its plain twin (default Benchmarks/corpus/logs50-gz
#           and Benchmarks/corpus/logs50; gen_corpus.py --gzip)
#   BIG=1   also stream ~4 GB (the log corpus repeated) through `piiscan` on standard input and
#           report peak RSS (no disk needed; takes minutes)
#   GEN=1   generate missing inputs (small sizes) first
#   RUNS    timed runs per command (default 3; medians)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
piiscan="${1:-${PIISCAN:-$root/.build/release/piiscan}}"
runs="${RUNS:-3}"
db="${DB:-$here/corpus/shop.db}"
small="${SMALL:-$here/corpus/small}"
plain="${PLAIN:-$here/corpus/logs50}"
gz="${GZ:-${plain%/}-gz}"
pcre="$here/patterns/rg-pcre.txt"
export PIISCAN_KEY="${PIISCAN_KEY:-piiscan-benchmark-key}"
[ -x "$piiscan" ] || { echo "extra checks: no piiscan at $piiscan" >&2; exit 2; }

if [ -n "${GEN:-}" ]; then
    [ -e "$db" ] || python3 "$here/gen_db.py" --rows 300000 --out "$db" >&2
    [ -e "$small" ] || python3 "$here/gen_corpus.py" --size 50M --many-small 3000 --out "$small" --quiet >&2
    [ -e "$gz" ] || python3 "$here/gen_corpus.py" --size 50M --gzip --out "$plain" --quiet >&2
fi

# median wall seconds of $runs runs of a shell command (its output discarded)
median() {
    local cmd="$1" samples=() start end
    for _ in $(seq "$runs"); do
        start=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; end=$(date +%s%N)
        samples+=("$(( (end - start) / 1000 ))")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p" | awk '{printf "%.4f", $1 / 1e6}'
}
rss_kb() { /usr/bin/time -f '%M' bash -c "$1 >/dev/null 2>&1" 2>&1 | tail -1; }
q() { printf '%q' "$1"; }
row() { printf '%-58s %10s %14s %s\n' "$1" "$2" "$3" "${4:-}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

echo
row "check" "median s" "throughput" "note"
if [ -f "$db" ] && command -v sqlite3 >/dev/null; then
    rows=$(sqlite3 "$db" "SELECT sum(n) FROM (SELECT count(*) n FROM customers UNION ALL SELECT count(*) FROM orders)" 2>/dev/null || echo 0)
    cat "$db" >/dev/null
    t1=$(median "$(q "$piiscan") scan --format ndjson --threads 1 $(q "$db")")
    t2=$(median "$(q "$piiscan") scan --format ndjson --threads 2 $(q "$db")")
    tr=$(median "sqlite3 $(q "$db") .dump | rg -j1 -c -P -f $(q "$pcre")")
    rps() { awk -v r="$rows" -v t="$1" 'BEGIN { printf "%.0f rows/s", r / t }'; }
    row "SQLite piiscan --threads 1 ($rows rows)" "$t1" "$(rps "$t1")" "$(ratio "$tr" "$t1") vs dump|rg -P"
    row "SQLite piiscan --threads 2" "$t2" "$(rps "$t2")" "scaling $(ratio "$t1" "$t2")"
    row "sqlite3 .dump | rg -j1 -c -P" "$tr" "$(rps "$tr")"
fi
if [ -d "$small" ]; then
    bytes=$(find "$small" -type f -exec cat {} + | wc -c); nfiles=$(find "$small" -type f | wc -l)
    s1=$(median "$(q "$piiscan") scan --format ndjson --threads 1 $(q "$small")")
    s2=$(median "$(q "$piiscan") scan --format ndjson --threads 2 $(q "$small")")
    mbs() { awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.1f MB/s", b / 1e6 / t }'; }
    row "many small files ($nfiles) --threads 1" "$s1" "$(mbs "$s1")"
    row "many small files --threads 2" "$s2" "$(mbs "$s2")" "scaling $(ratio "$s1" "$s2")"
fi
if [ -d "$gz" ] && [ -d "$plain" ]; then
    g=$(median "$(q "$piiscan") scan --format ndjson --threads 1 $(q "$gz")")
    d=$(median "find $(q "$gz") -name '*.gz' -exec gzip -dc {} + >/dev/null")
    p=$(median "$(q "$piiscan") scan --format ndjson --threads 1 $(q "$plain")")
    row "gzip corpus --threads 1" "$g" "" "$(ratio "$g" "$(awk -v a="$d" -v b="$p" 'BEGIN{print a+b}')") of (gzip -dc + plain scan)"
    row "  gzip -dc alone / plain scan alone" "$d / $p" ""
fi
sample="$root/fixtures/inputs/apache/access.log"
if [ -f "$sample" ]; then
    if command -v hyperfine >/dev/null; then
        hyperfine -N -i --runs 20 --warmup 3 --export-json /tmp/piiscan-startup.$$.json \
            "$(q "$piiscan") scan --format ndjson $(q "$sample")" >/dev/null 2>&1
        st=$(python3 -c "import json,statistics;print('%.4f'%statistics.median(json.load(open('/tmp/piiscan-startup.$$.json'))['results'][0]['times']))")
        rm -f /tmp/piiscan-startup.$$.json
    else
        st=$(median "$(q "$piiscan") scan --format ndjson $(q "$sample")")
    fi
    row "start-up: scan one small file ($(wc -c <"$sample") bytes)" "$st" "" "target < 0.050 s"
fi
if [ -n "${BIG:-}" ] && [ -d "$plain" ]; then
    one=$(cat "$plain"/* | wc -c); reps=$(( 4000000000 / one + 1 ))
    kb=$(rss_kb "for i in \$(seq $reps); do cat $(q "$plain")/*; done | $(q "$piiscan") scan --format ndjson --threads 2")
    row "peak RSS, $(( reps * one / 1000000 )) MB on stdin" "" "$(( kb / 1024 )) MiB" "target < 64 MB"
fi
