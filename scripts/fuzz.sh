#!/usr/bin/env bash
# Fuzzes one part of piiscan with libFuzzer (the Swift toolchain's -sanitize=fuzzer, with
# AddressSanitizer) for SECONDS seconds.
#
#   scripts/fuzz.sh TARGET [SECONDS]     TARGET: rules, validators, gzip, sqldump, archives, or all
#
# The Fuzz/ package is built once (release, sanitized) under Fuzz/.build. Seeds come from the
# repository (rule files, fixtures, SQL dumps); inputs libFuzzer finds interesting are kept in
# Fuzz/.build/corpus/TARGET, crashes in Fuzz/.build/artifacts/. Exits non-zero on a crash, a
# leak, a timeout (10 s per input) or an out-of-memory (2 GiB). A crash input becomes a
# regression test (see Tests/PIIScanTests/Engine/FuzzRegressionTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh rules|validators|gzip|sqldump|archives|all [SECONDS]}
seconds=${2:-60}
scratch=Fuzz/.build

swift build --package-path Fuzz --scratch-path "$scratch" -c release \
  --sanitize=fuzzer --sanitize=address --product PIIScanFuzz 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" >&2
binary="$scratch/release/PIIScanFuzz"

seeds() {
  case "$1" in
    rules) echo rules ;;
    validators) echo fixtures/inputs/text fixtures/inputs/edge ;;
    gzip) echo fixtures/inputs/gzip ;;
    sqldump) echo fixtures/sql/dumps ;;
    archives) ;;  # no ZIP, OLE or bzip2/xz/zstd files in fixtures/: libFuzzer starts from nothing
  esac
}

run() {
  local name=$1
  mkdir -p "$scratch/corpus/$name" "$scratch/artifacts"
  echo "fuzzing $name for ${seconds}s" >&2
  # shellcheck disable=SC2046
  PIISCAN_FUZZ_TARGET=$name LSAN_OPTIONS=suppressions=Fuzz/lsan.supp "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$name-" "$scratch/corpus/$name" $(seeds "$name")
}

if [[ $target == all ]]; then
  for name in rules validators gzip sqldump archives; do run "$name"; done
else
  run "$target"
fi
