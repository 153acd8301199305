#!/usr/bin/env bash
# Time from starting the built AppHost (its executable, as `dotnet run --no-build` would) to every service answering
# 200 on /health: the Api (whose /health includes its PostgreSQL), the media node and the edge. PostgreSQL
# runs from the host's binaries on a temp data directory: (a) first run, with initdb; (b) a restart on it.
# Usage: bench/apphost-start.sh [runs]   (default 3 restarts after the first run)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
timeout_ms=120000
data="$(mktemp -d -t together-apphost-bench-XXXXXX)"
chmod 755 "$data"   # a root AppHost runs PostgreSQL as 'postgres', which must enter it
apphost_pid=""
elapsed=0
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

stop_apphost() {
  [[ -n $apphost_pid ]] || return 0
  kill -TERM "$apphost_pid" 2>/dev/null || true
  wait "$apphost_pid" 2>/dev/null || true
  apphost_pid=""
  # DCP stops the services shortly after the AppHost; wait for our PostgreSQL to be gone before the next run.
  local pid_file="$data/postgres/data/postmaster.pid" waited=0
  while [[ -f $pid_file ]] && kill -0 "$(head -n 1 "$pid_file")" 2>/dev/null && (( waited < 300 )); do
    sleep 0.1; waited=$((waited + 1))
  done
}
cleanup() { stop_apphost; rm -rf "$data"; }
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# True when one of the process's listening ports answers 200 on /health (the media node also listens for ICE-TCP).
# ss shows process names cut to 15 characters.
health_of() {
  local port
  for port in $(ss -Htlnp | grep -F "((\"${1:0:15}\"" | awk '{print $4}' | sed 's/.*://' | sort -u); do
    curl -fso /dev/null --max-time 1 "http://127.0.0.1:$port/health" && return 0
  done
  return 1
}

# Sets 'elapsed' (not echoed: a command substitution's subshell would lose the stop-on-exit trap).
time_to_healthy() {
  local started
  started=$(now_ms)
  (cd "$repo/Together.AppHost" && exec bin/Debug/net10.0/Together.AppHost \
    --Together:AppHost:DataDirectory="$data" --Together:AppHost:Postgres=executable --Together:AppHost:MediaPort=0) \
    >"$data/apphost.log" 2>&1 &
  apphost_pid=$!
  until health_of Together.Api && health_of Together.MediaNode && health_of Together.Web; do
    elapsed=$(( $(now_ms) - started ))
    if ! kill -0 "$apphost_pid" 2>/dev/null || (( elapsed > timeout_ms )); then
      echo "Not every service became healthy within ${timeout_ms} ms; AppHost log:" >&2
      tail -n 50 "$data/apphost.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  elapsed=$(( $(now_ms) - started ))
  stop_apphost
}

echo "Building the AppHost and its projects..." >&2
dotnet build "$repo/Together.AppHost" -nologo -v quiet -clp:NoSummary >&2

time_to_healthy
first=$elapsed
echo "first run (initdb): $first ms" >&2
restarts=()
for ((run = 1; run <= runs; run++)); do
  time_to_healthy
  echo "restart $run: $elapsed ms" >&2
  restarts+=("$elapsed")
done

sorted=($(printf '%s\n' "${restarts[@]}" | sort -n))
echo
echo "- Machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD)"
echo "- Command: bench/apphost-start.sh $runs"
echo
echo "| case (ms to every /health 200) | runs | median | min | max |"
echo "|---|---|---|---|---|"
echo "| first run (initdb) | 1 | $first | $first | $first |"
echo "| restart on the same cluster | ${#sorted[@]} | ${sorted[${#sorted[@]} / 2]} | ${sorted[0]} | ${sorted[${#sorted[@]} - 1]} |"
