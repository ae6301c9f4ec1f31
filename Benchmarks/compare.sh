#!/usr/bin/env bash
# Throughput comparison piiscan vs ripgrep on one corpus, in one session, hot page cache.
#
# Usage: Benchmarks/compare.sh [CORPUS]        (a directory or a file; default Benchmarks/corpus/logs)
# Environment:
#   PIISCAN      piiscan binary (default .build/release/piiscan; falls back to .build/debug/piiscan
#                with a warning: a debug build is not representative)
#   RUNS         timed runs per command (default 5); WARMUP extra hyperfine warm-ups (default 0:
#                every command already had one untimed run under /usr/bin/time -v)
#   MAX_RUN_S    if the warm-up run of a command takes longer than this, it is timed once only
#                (default 60)
#   GEN_SIZE     if CORPUS does not exist, generate it with gen_corpus.py at this size (default 200M)
#   RESULTS      where raw results go (default Benchmarks/results/<date-time>)
#   NO_INSTALL=1 never apt-get install missing helpers; NO_HYPERFINE=1 time with /usr/bin/time only
#   PIISCAN_ARGS extra piiscan arguments, e.g. "--rules rules" (while the binary lacks built-in rules)
#   RG_FAST_FLAGS extra flags for the two rg-fast runs (e.g. "--dfa-size-limit 1G"; default none)
#   NO_EXTRAS=1  skip the second table (extra_checks.sh: SQLite rows/s vs sqlite3 .dump | rg -P,
#                many small files, gzip overlap, start-up; BIG=1 adds the 4 GB peak-RSS stream)
# Prints a table of MB/s (decimal MB = 10^6 bytes of corpus / median wall time), the ratios
# piiscan/rg and piiscan's peak RSS. Never fails because piiscan lacks a feature: it reports what
# it could measure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="${1:-$here/corpus/logs}"
runs="${RUNS:-5}"
warmup="${WARMUP:-0}"
max_run_s="${MAX_RUN_S:-60}"
results="${RESULTS:-$here/results/$(date +%Y%m%d-%H%M%S)}"
fast="$here/patterns/rg-fast.txt"
pcre="$here/patterns/rg-pcre.txt"

say() { printf '%s\n' "$*" >&2; }

# ---- helpers ----------------------------------------------------------------------------------
need_install=()
command -v rg >/dev/null 2>&1 || need_install+=(ripgrep)
command -v hyperfine >/dev/null 2>&1 || need_install+=(hyperfine)
[ -x /usr/bin/time ] || need_install+=(time)
if [ "${#need_install[@]}" -gt 0 ] && [ -z "${NO_INSTALL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need_install[*]} ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null 2>&1; } ||
        say "warning: could not install ${need_install[*]}"
fi
if ! command -v rg >/dev/null 2>&1; then say "error: ripgrep (rg) is required"; exit 2; fi
have_hyperfine=0; command -v hyperfine >/dev/null 2>&1 && [ -z "${NO_HYPERFINE:-}" ] && have_hyperfine=1
have_gnutime=0; [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && have_gnutime=1

# ---- corpus -----------------------------------------------------------------------------------
if [ ! -e "$corpus" ]; then
    say "corpus $corpus missing: generating ${GEN_SIZE:-200M} ..."
    python3 "$here/gen_corpus.py" --size "${GEN_SIZE:-200M}" --out "$corpus" >&2 || exit 2
fi
if [ -d "$corpus" ]; then
    mapfile -t files < <(find "$corpus" -type f ! -name '*.gz' | LC_ALL=C sort)
else
    files=("$corpus")
fi
[ "${#files[@]}" -gt 0 ] || { say "error: no files in $corpus"; exit 2; }
bytes=$(cat "${files[@]}" | wc -c)
manifest="${corpus%/}.manifest.json"
mkdir -p "$results"
say "corpus: $corpus (${#files[@]} files, $bytes bytes); results: $results"

# Hot cache: read everything twice before anything is timed.
cat "${files[@]}" >/dev/null; cat "${files[@]}" >/dev/null

# ---- piiscan ----------------------------------------------------------------------------------
piiscan="${PIISCAN:-}"
build_kind=""
if [ -z "$piiscan" ]; then
    if [ -x "$root/.build/release/piiscan" ]; then piiscan="$root/.build/release/piiscan"; build_kind=release
    elif [ -x "$root/.build/debug/piiscan" ]; then piiscan="$root/.build/debug/piiscan"; build_kind="DEBUG (not representative)"
    fi
fi
pii_ok=0; pii_args=(); pii_threads=1; pii_only=""; pii_note=""
read -r -a pii_extra <<<"${PIISCAN_ARGS:-}"
if [ -n "$piiscan" ] && [ -x "$piiscan" ]; then
    sample="$results/probe-sample"; mkdir -p "$sample"
    for f in "${files[@]:0:8}"; do head -n 300 "$f" >"$sample/$(basename "$f")"; done
    printf '%s\n' "주민번호 900101-1234568 연락처 010-2345-6789 hong.gildong@naver.com 서울특별시 강남구 테헤란로 152" >"$sample/probe.txt"
    # Try the intended flags first, then drop what the binary does not know yet.
    for cand in "scan --format ndjson --threads T" "scan --format ndjson" "scan --threads T" "scan" ""; do
        read -r -a base_try <<<"${cand//T/1}"
        try=("${base_try[@]}"); [ -n "$cand" ] && try+=("${pii_extra[@]}")
        "$piiscan" "${try[@]}" "$sample" >"$results/probe.out" 2>"$results/probe.err"
        rc=$?
        if [ "$rc" -le 1 ] && [ -s "$results/probe.out" ]; then
            pii_ok=1; pii_args=("${try[@]}"); pii_base=("${base_try[@]}")
            [[ "$cand" == *"--threads"* ]] && pii_threads=1 || pii_threads=0
            break
        fi
        pii_note="last probe: '${cand:-<no args>}' exit $rc: $(head -c 300 "$results/probe.err" | tr '\n' ' ')"
    done
    if [ "$pii_ok" = 1 ]; then
        [ "${pii_args[*]}" = "$(echo scan --format ndjson --threads 1 "${pii_extra[@]}")" ] || pii_note="flags reduced to: ${pii_args[*]:-<none>}"
        if "$piiscan" scan --help 2>&1 | grep -q -- '--only'; then pii_only="kr-rrn,kr-phone,email,kr-address"; fi
    fi
else
    pii_note="no piiscan binary (set PIISCAN or build: swift build -c release)"
fi
say "piiscan: ${piiscan:-none} ${build_kind:+[$build_kind]} usable=$pii_ok ${pii_note}"

# ---- commands ---------------------------------------------------------------------------------
q() { printf '%q ' "$@"; }
labels=(); cmds=()
add() { labels+=("$1"); cmds+=("$2"); }
if [ "$pii_ok" = 1 ]; then
    base=("${pii_base[@]}")
    if [ "$pii_threads" = 1 ]; then
        t1=("${base[@]}" "${pii_extra[@]}"); t2=("${base[@]}"); t2[${#t2[@]}-1]=2; t2+=("${pii_extra[@]}")
        add "piiscan --threads 1" "$(q "$piiscan" "${t1[@]}" "$corpus")"
        add "piiscan --threads 2" "$(q "$piiscan" "${t2[@]}" "$corpus")"
        [ -n "$pii_only" ] && add "piiscan --threads 1 --only 4 base" "$(q "$piiscan" "${t1[@]}" --only "$pii_only" "$corpus")"
    else
        add "piiscan (default threads)" "$(q "$piiscan" "${pii_args[@]}" "$corpus")"
    fi
fi
# --no-ignore: Benchmarks/corpus is git-ignored, rg would otherwise skip it.
rgbase=(rg --no-ignore --hidden --no-messages)
read -r -a rgfast <<<"${RG_FAST_FLAGS:-}"
add "rg -j1 -c -f rg-fast.txt" "$(q "${rgbase[@]}" "${rgfast[@]}" -j1 -c -f "$fast" "$corpus")"
add "rg -c -f rg-fast.txt (all threads)" "$(q "${rgbase[@]}" "${rgfast[@]}" -c -f "$fast" "$corpus")"
add "rg -j1 -c -P -f rg-pcre.txt" "$(q "${rgbase[@]}" -j1 -c -P -f "$pcre" "$corpus")"
add "rg -c -P -f rg-pcre.txt (all threads)" "$(q "${rgbase[@]}" -c -P -f "$pcre" "$corpus")"

# ---- measure ----------------------------------------------------------------------------------
: >"$results/runs.tsv"
for i in "${!labels[@]}"; do
    label="${labels[$i]}"; cmd="${cmds[$i]}"; tag="cmd$i"
    say "== $label"
    say "   $cmd"
    # Warm-up run: keeps the output (findings / counts) and measures peak RSS.
    start=$(date +%s%N)
    if [ "$have_gnutime" = 1 ]; then
        /usr/bin/time -v -o "$results/$tag.time" bash -c "$cmd" >"$results/$tag.out" 2>"$results/$tag.err"
    else
        bash -c "$cmd" >"$results/$tag.out" 2>"$results/$tag.err"
    fi
    rc=$?
    end=$(date +%s%N)
    first_s=$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f", (e-s)/1e9}')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$results/$tag.time" 2>/dev/null)
    # piiscan: 0 nothing found, 1 findings, 2 an input/usage error; rg: 0 match, 1 none, 2 error.
    # An exit 2 with output is still timed (e.g. one unreadable file) and flagged in the table.
    if [ "$rc" -gt 2 ] || { [ "$rc" = 2 ] && [ ! -s "$results/$tag.out" ]; }; then
        say "   failed (exit $rc): $(head -c 300 "$results/$tag.err")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$label" "failed" "$rc" "" "${rss:-}" "$cmd" >>"$results/runs.tsv"
        continue
    fi
    n="$runs"
    if awk -v a="$first_s" -v b="$max_run_s" 'BEGIN{exit !(a>b)}'; then n=1; say "   slow (${first_s}s > MAX_RUN_S=$max_run_s): timing the warm-up run only"; fi
    if [ "$n" -gt 1 ] && [ "$have_hyperfine" = 1 ]; then
        hyperfine -N --style basic -i --output=pipe --warmup "$warmup" --runs "$n" \
            --export-json "$results/$tag.json" "$cmd" >"$results/$tag.hyperfine.txt" 2>&1 ||
            say "   hyperfine failed: $(tail -n 3 "$results/$tag.hyperfine.txt")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$label" "hyperfine" "$rc" "$results/$tag.json" "${rss:-}" "$cmd" >>"$results/runs.tsv"
    elif [ "$n" -gt 1 ]; then
        : >"$results/$tag.times"
        for _ in $(seq "$n"); do
            /usr/bin/time -f '%e' -a -o "$results/$tag.times" bash -c "$cmd" 2>/dev/null | cat >/dev/null
        done
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$label" "times" "$rc" "$results/$tag.times" "${rss:-}" "$cmd" >>"$results/runs.tsv"
    else
        echo "$first_s" >"$results/$tag.times"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$label" "times" "$rc" "$results/$tag.times" "${rss:-}" "$cmd" >>"$results/runs.tsv"
    fi
done

# ---- report -----------------------------------------------------------------------------------
{
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), $(uname -sr)"
    echo "tools: $(rg --version | head -1), $(rg --pcre2-version 2>/dev/null | head -1), $(hyperfine --version 2>/dev/null || echo 'no hyperfine')"
    echo "piiscan: ${piiscan:-none} ${build_kind:+[$build_kind]} ${pii_note}"
} >"$results/env.txt"
python3 "$here/report.py" --results "$results" --bytes "$bytes" --manifest "$manifest" --corpus "$corpus"
if [ -z "${NO_EXTRAS:-}" ] && [ "$pii_ok" = 1 ]; then
    PLAIN="${PLAIN:-$corpus}" "$here/extra_checks.sh" "$piiscan" | tee "$results/extras.txt"
fi
