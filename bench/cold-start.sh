#!/usr/bin/env bash
# Cold start of the merged process (Together.Api): time from process start to the first 200 on /health,
#   (a) on an empty data directory (creates the SQLite database and applies every migration), and
#   (b) on an already-migrated one,
# several runs each, reporting median, min and max. Builds Release first. Loopback only.
# Usage: bench/cold-start.sh [runs]      (default 5; a warm-up run on each side is not counted)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
timeout_ms=30000
output="$repo/Together.Api/bin/Release/net10.0"
work="$(mktemp -d -t together-cold-start-XXXXXX)"
server_pid=""

cleanup() {
  if [[ -n $server_pid ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}

# Starts the Api on a data directory and prints the milliseconds until /health first answers 200.
time_to_healthy() {
  local data=$1 port started elapsed
  port=$(free_port)
  started=$(now_ms)
  (cd "$output" && exec dotnet Together.Api.dll --urls "http://127.0.0.1:$port" --Together:DataDirectory="$data") \
    >"$work/last.log" 2>&1 &
  server_pid=$!
  while :; do
    if curl -fso /dev/null --max-time 1 "http://127.0.0.1:$port/health"; then
      elapsed=$(( $(now_ms) - started ))
      break
    fi
    elapsed=$(( $(now_ms) - started ))
    if ! kill -0 "$server_pid" 2>/dev/null || (( elapsed > timeout_ms )); then
      echo "The Api did not become healthy within ${timeout_ms} ms; its log:" >&2
      cat "$work/last.log" >&2
      exit 1
    fi
    sleep 0.01
  done
  kill -TERM "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  echo "$elapsed"
}

summary() {
  local name=$1; shift
  local sorted count median
  sorted=($(printf '%s\n' "$@" | sort -n))
  count=${#sorted[@]}
  if (( count % 2 )); then median=${sorted[count / 2]}
  else median=$(( (sorted[count / 2 - 1] + sorted[count / 2]) / 2 )); fi
  printf '| %-24s | %4d | %8d | %8d | %8d |\n' "$name" "$count" "$median" "${sorted[0]}" "${sorted[count - 1]}"
}

echo "Building Release..." >&2
dotnet build "$repo/Together.Api" -c Release -nologo -v quiet -clp:NoSummary >&2

empty=() migrated=()
echo "Warm-up (not counted)..." >&2
time_to_healthy "$work/warm-up" >/dev/null

for ((run = 1; run <= runs; run++)); do
  ms=$(time_to_healthy "$work/empty-$run")
  echo "empty data directory, run $run: $ms ms" >&2
  empty+=("$ms")
done
for ((run = 1; run <= runs; run++)); do
  # empty-1 was migrated by its own first start.
  ms=$(time_to_healthy "$work/empty-1")
  echo "migrated data directory, run $run: $ms ms" >&2
  migrated+=("$ms")
done

cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
echo
echo "- Machine: $(nproc) cores ($cpu), $(( $(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo) / 1024 / 1024 )) GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD)"
echo "- Command: bench/cold-start.sh $runs"
echo
echo "| case (ms to first 200 on /health) | runs | median | min | max |"
echo "|---|---|---|---|---|"
summary "empty data directory" "${empty[@]}"
summary "migrated data directory" "${migrated[@]}"
