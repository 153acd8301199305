#!/usr/bin/env bash
# Gateway benchmarks (bench/BENCHMARKS.md, "Gateway fan-out"): send→receive latency, the highest send rate, and
# memory per idle connection, for the merged process (Release, `dotnet Together.Api.dll`) on SQLite and on
# PostgreSQL, beside a bare SignalR broadcast server (bench/gateway/BareSignalR) measured in the same run with the
# same Node receivers (bench/gateway/load.mjs).
#
#   bench/gateway/run.sh [all|latency|ramp|idle] [seconds per step] [members,...] [rates,...] [idle counts]
#   defaults:             all                     20                  50,500,2000   see below    1000,5000
#   bench/gateway/run.sh profile [seconds] [members] [rate]   (not part of all; defaults 20 50 400)
#     sends at one rate to each Together server while `perf` samples its CPU, then prints the methods where the
#     server spent it (their own samples, then with what they call); needs Debian's linux-perf, run as root.
#
# Each server process gets a fresh data directory (and a fresh PostgreSQL database). Servers and PostgreSQL run on
# CPU $SERVER_CPUS (default 0), the load client on $CLIENT_CPUS (default 1), so the two do not take each other's
# core. Every table row is followed by the load average at that moment. Each server's first measurement is preceded by
# WARMUP seconds (default 15) of sending at that rate, not counted, so the runtime has compiled the hot paths.
# $SERVERS (default "bare,sqlite,postgres") picks the servers measured, e.g. SERVERS=sqlite for the Together rows only.
set -euo pipefail
what=${1:-all}
seconds=${2:-20}
members_list=${3:-50,500,2000}
rates=${4:-50,100,200,400,700,1000,1400,2000,3000,4000}
idle_counts=${5:-1000,5000}
server_cpus=${SERVER_CPUS:-0}
client_cpus=${CLIENT_CPUS:-1}
servers=" ${SERVERS:-bare,sqlite,postgres} "
servers=${servers//,/ }
wanted() { [[ "$servers" == *" $1 "* ]]; }
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/gateway"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "# building (Release)" >&2
dotnet build -c Release -v q -nologo -p:SkipWebClientBuild=true "$root/Together.Api/Together.Api.csproj" >/dev/null
dotnet build -c Release -v q -nologo "$here/BareSignalR/BareSignalR.csproj" >/dev/null
(cd "$here" && npm install --no-audit --no-fund --silent >/dev/null)
api_dll="$root/Together.Api/bin/Release/net10.0/Together.Api.dll"
bare_dll="$here/BareSignalR/bin/Release/net10.0/BareSignalR.dll"

scratch=$(mktemp -d /tmp/together-gateway-bench.XXXXXX)
chmod o+x "$scratch"
server_pid=
pg_port=
as_postgres=()
if [ "$(id -u)" = 0 ]; then as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
cleanup() {
  stop_server
  if [ -n "$pg_port" ]; then "${as_postgres[@]}" "$pgbin/pg_ctl" -D "$scratch/pg/data" -m fast stop >/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

start_postgres() {
  [ -n "$pg_port" ] && return
  mkdir -p "$scratch/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$scratch/pg"; fi
  pg_port=$(free_port)
  "${as_postgres[@]}" "$pgbin/initdb" -D "$scratch/pg/data" -U postgres --auth=trust >/dev/null
  "${as_postgres[@]}" taskset -c "$server_cpus" "$pgbin/pg_ctl" -D "$scratch/pg/data" -l "$scratch/pg/log" -w \
    -o "-p $pg_port -k $scratch/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

# start_server <sqlite|postgres|bare>: sets $url and $server_pid once /health answers.
start_server() {
  local kind=$1 port
  port=$(free_port)
  url="http://127.0.0.1:$port"
  if [ "$kind" = bare ]; then
    taskset -c "$server_cpus" dotnet "$bare_dll" --urls "$url" >"$scratch/server.log" 2>&1 &
  else
    local data database args=()
    data=$(mktemp -d "$scratch/data.XXXXXX")
    if [ "$kind" = postgres ]; then
      start_postgres
      database="bench$(date +%s%N)"
      "${as_postgres[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
      args+=("--ConnectionStrings:together=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database;Maximum Pool Size=100")
    fi
    # Rate limits that would stop the set-up (thousands of sign-ups and joins from one address) and the sender (one
    # user, one address, up to thousands of messages a second) are lifted for the bench only; cheap password hashing keeps registering 2,000 users short; tokens outlive the run.
    (cd "$(dirname "$api_dll")" && exec taskset -c "$server_cpus" dotnet "$api_dll" --urls "$url" \
      --Together:DataDirectory="$data" --Database:Provider="$kind" --Media:UdpPort=0 --Media:TcpPort=0 \
      --Logging:LogLevel:Default=Warning --Auth:PasswordHashing:MemoryKiB=256 --Auth:PasswordHashing:Iterations=1 \
      --Auth:AccessTokenLifetime=04:00:00 \
      --Auth:RateLimits:RegisterPerIp:PermitLimit=1000000 --Auth:RateLimits:RegisterPerAccount:PermitLimit=1000000 \
      --Invites:RateLimits:AcceptPerIp:PermitLimit=1000000 --Invites:RateLimits:AcceptPerUser:PermitLimit=1000000 \
      --RateLimits:MessagesPerUser:PermitLimit=1000000 --RateLimits:MessagesPerIp:PermitLimit=1000000 \
      --RateLimits:RestPerIp:PermitLimit=1000000 \
      "${args[@]}") >"$scratch/server.log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "$url/health" >/dev/null 2>&1; then return; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$scratch/server.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "server did not answer /health" >&2
  exit 1
}

client() { (cd "$here" && taskset -c "$client_cpus" node load.mjs "$@"); }

header="| server | members | rate msg/s | sent msg/s | P50 ms | P99 ms | max ms | acknowledged | failed sends | lost deliveries | closed connections | send→201 P50 / P99 ms | server CPU (cores) | load client CPU (cores) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, server on CPU $server_cpus, load client on CPU $client_cpus; $(load)"

if [ "$what" = all ] || [ "$what" = latency ]; then
  echo; echo "## send→receive at 20 msg/s, $seconds s per row"; echo "$header"
  for members in ${members_list//,/ }; do
    for kind in bare sqlite postgres; do
      wanted "$kind" || continue
      start_server "$kind"
      client latency "$url" "$([ "$kind" = bare ] && echo bare || echo together)" "$members" 20 "$seconds" "$server_pid" \
        | sed "s/^| together |/| $kind |/"
      stop_server
      echo "<!-- $(load) -->"
    done
  done
fi

if [ "$what" = all ] || [ "$what" = ramp ]; then
  echo; echo "## highest send rate, 50 members, $seconds s per step (stops after the first step over P99 100 ms, with loss, or behind)"
  echo "$header"
  for kind in bare sqlite postgres; do
    wanted "$kind" || continue
    start_server "$kind"
    client ramp "$url" "$([ "$kind" = bare ] && echo bare || echo together)" 50 "$rates" "$seconds" "$server_pid" \
      | sed "s/^| together |/| $kind |/"
    stop_server
    echo "<!-- $(load) -->"
  done
fi

if [ "$what" = all ] || [ "$what" = idle ]; then
  echo; echo "## idle connections: server VmRSS"
  echo "| server | connections | VmRSS MiB | KiB per connection over none | over warm |"; echo "|---|---:|---:|---:|---:|"
  for kind in bare sqlite; do
    wanted "$kind" || continue
    start_server "$kind"
    client idle "$url" "$([ "$kind" = bare ] && echo bare || echo together)" "$idle_counts" "$server_pid" \
      | sed "s/^| together |/| $kind |/"
    stop_server
    echo "<!-- $(load) -->"
  done
fi

if [ "$what" = profile ]; then
  members=${members_list%%,*}
  rate=${4:-400}
  # The runtime writes /tmp/perf-<pid>.map, so perf can name JIT-compiled methods (W^X off: with it, JIT code lives
  # in a double-mapped memfd that perf cannot match to the map).
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  echo; echo "## where the server's CPU goes: $members members, $rate msg/s, $seconds s (perf, cpu-clock at 499 Hz)"
  for kind in sqlite postgres; do
    wanted "$kind" || continue
    start_server "$kind"
    client latency "$url" together "$members" "$rate" "$seconds" "$server_pid" | sed "s/^| together |/| $kind |/" &
    load_pid=$!
    # The set-up (sign-ups, joins, connections) and the warm-up come first: sample the measured window.
    sleep $(( ${WARMUP:-15} + 4 ))
    timeout -s INT $((seconds - 3)) perf record -q -e cpu-clock -F 499 -g -p "$server_pid" -o "$scratch/$kind.perf" >/dev/null 2>&1 || true
    wait "$load_pid"
    stop_server
    report() { perf report -i "$scratch/$kind.perf" --stdio -g none "$@" 2>/dev/null | grep -E '^ +[0-9.]+%' | sed 's/^/    /' || true; }
    echo; echo "### $kind: CPU samples by library ([k] the kernel, JIT-compiled code as perf-<pid>.map)"
    report --no-children --sort dso | head -15
    echo; echo "### $kind: methods by their own samples"
    report --no-children --sort dso,symbol | head -50
    echo; echo "### $kind: methods with everything they call"
    report --children --sort symbol | head -80
    if [ -n "${PROFILE_OUT:-}" ]; then cp "$scratch/$kind.perf" /tmp/perf-*.map "$PROFILE_OUT"/ 2>/dev/null || true; fi
  done
fi
