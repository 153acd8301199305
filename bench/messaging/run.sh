#!/usr/bin/env bash
# Message insert and history benchmark on both providers (see bench/BENCHMARKS.md).
#   bench/messaging/run.sh [rows,rows...] [requests]   e.g. bench/messaging/run.sh 1000000,10000000 1000
#   PROVIDERS=postgres bench/messaging/run.sh ...   measures one provider only (default: sqlite,postgres)
# SQLite runs on a temp data directory; PostgreSQL on a throwaway cluster started here from Debian's binaries
# (fsync and synchronous_commit at their defaults, so sends pay for real durability), on a free port.
set -euo pipefail
rows=${1:-1000000,10000000}
requests=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

dotnet build -c Release -v q -nologo "$root/bench/messaging/MessageBench/MessageBench.csproj" >/dev/null
bench="$root/bench/messaging/MessageBench/bin/Release/net10.0/MessageBench.dll"

providers=" ${PROVIDERS:-sqlite,postgres} "
providers=${providers//,/ }
if [[ "$providers" == *" sqlite "* ]]; then dotnet "$bench" sqlite "$rows" "$requests"; fi
if [[ "$providers" != *" postgres "* ]]; then exit 0; fi

cluster=$(mktemp -d /tmp/together-bench-pg.XXXXXX)
chmod o+x "$cluster"
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$cluster"
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_postgres[@]}" "$bin/initdb" -D "$cluster/data" -U postgres --auth=trust >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w \
  -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
trap '"${as_postgres[@]}" "$bin/pg_ctl" -D "$cluster/data" -m fast stop >/dev/null; rm -rf "$cluster"' EXIT
"${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres together
dotnet "$bench" postgres "$rows" "$requests" "Host=127.0.0.1;Port=$port;Username=postgres;Database=together"
