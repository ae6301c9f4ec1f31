#!/usr/bin/env bash
# Performance regression guard that a noisy, shared machine cannot fool: counts the instructions
# piiscan executes (valgrind --tool=cachegrind, no cache simulation) while scanning a fixed,
# generated 1 MB corpus with one thread, and compares them with the committed baseline.
#
# Usage: Benchmarks/instruction_guard.sh            check (exit 1 when over the tolerance)
#        Benchmarks/instruction_guard.sh --update   write the measured count as the new baseline
# Environment:
#   PIISCAN    binary to measure (default .build/debug/piiscan: what CI builds anyway)
#   TOLERANCE  allowed growth in percent (default 15)
#   SIZE       corpus size for gen_corpus.py (default 1M; the baseline is per build kind and size)
# The baseline file (Benchmarks/instructions-baseline.txt) holds one line per build kind and size:
# "<debug|release> <size> <instructions>". Refresh it (--update) after an intended change of the
# hot path, a Swift or PCRE2 upgrade, or a rule change that costs or saves work, and commit it
# with a note of why. A count far *below* the baseline is reported too (update it to lock the gain).
# Without valgrind the guard is skipped (exit 0) with a note.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${PIISCAN:-$root/.build/debug/piiscan}"
tolerance="${TOLERANCE:-15}"
size="${SIZE:-1M}"
baseline="$here/instructions-baseline.txt"
update=0; [ "${1:-}" = "--update" ] && update=1

if ! command -v valgrind >/dev/null 2>&1; then echo "instruction guard: valgrind not installed, skipped"; exit 0; fi
[ -x "$bin" ] || { echo "instruction guard: no binary at $bin (swift build first)" >&2; exit 2; }
case "$bin" in *release*) kind=release ;; *) kind=debug ;; esac

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# valgrind 3.19 gives up on the DWARF Swift 6 writes ("corrupted debuginfo"): measure a copy
# without debug sections (same code, so the same instructions).
measured="$work/piiscan"
strip --strip-debug -o "$measured" "$bin" 2>/dev/null || cp "$bin" "$measured"
python3 "$here/gen_corpus.py" --size "$size" --out "$work/corpus" --jobs 1 --quiet >/dev/null
# Fixed key: fingerprints (and so the work done) do not depend on a random key.
PIISCAN_KEY=instruction-guard valgrind --tool=cachegrind --cache-sim=no --branch-sim=no \
    --cachegrind-out-file=/dev/null "$measured" scan --format ndjson --threads 1 "$work/corpus" \
    >"$work/out.ndjson" 2>"$work/valgrind.txt" || [ $? -le 1 ]
count=$(sed -n 's/.*I *refs: *//p' "$work/valgrind.txt" | tr -d ', ')
[ -n "$count" ] || { echo "instruction guard: no count from valgrind:"; tail -5 "$work/valgrind.txt"; exit 2; }
findings=$(grep -c '"type":"finding"' "$work/out.ndjson" || true)

if [ "$update" = 1 ]; then
    { grep -v "^$kind $size " "$baseline" 2>/dev/null || true; echo "$kind $size $count"; } | sort >"$work/baseline"
    cp "$work/baseline" "$baseline"
    echo "instruction guard: baseline for $kind $size set to $count instructions ($findings findings)"
    exit 0
fi
expected=$(awk -v k="$kind" -v s="$size" '$1==k && $2==s {print $3}' "$baseline" 2>/dev/null || true)
if [ -z "$expected" ]; then
    echo "instruction guard: no baseline for $kind $size (measured $count; run with --update)"; exit 0
fi
python3 - "$count" "$expected" "$tolerance" "$kind" "$findings" <<'PY'
import sys
count, expected, tolerance, kind, findings = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
change = (count - expected) / expected * 100
print(f"instruction guard ({kind}): {count:,} instructions, baseline {expected:,} ({change:+.1f} %, tolerance +{tolerance:g} %), {findings} findings")
if change > tolerance:
    print("instruction guard: FAILED: the scan got slower; profile it, or refresh the baseline with "
          "Benchmarks/instruction_guard.sh --update if the cost is intended")
    sys.exit(1)
if change < -tolerance:
    print("instruction guard: note: well below the baseline; lock the gain with --update")
PY
