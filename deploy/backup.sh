#!/usr/bin/env bash
# Backs up a merged Together install while it runs: a consistent copy of the SQLite database (SQLite's online
# backup, safe with WAL), the generated keys and the uploaded server icons, into one dated folder.
# Usage: deploy/backup.sh [data directory (default /var/lib/together)] [backup root (default /var/backups/together)]
# Needs the sqlite3 command (apt-get install sqlite3). For PostgreSQL installs use pg_dump (docs/self-hosting.md).
set -euo pipefail

data="${1:-/var/lib/together}"
backups="${2:-/var/backups/together}"
database="$data/together.db"

[[ -f $database ]] || { echo "No database at $database" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }

target="$backups/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
chmod 700 "$target"

sqlite3 "$database" ".backup '$target/together.db'"
result="$(sqlite3 "$target/together.db" 'PRAGMA integrity_check;')"
[[ $result == ok ]] || { echo "The copy failed its integrity check: $result" >&2; exit 1; }

for folder in keys icons; do
  if [[ -d $data/$folder ]]; then
    cp -a "$data/$folder" "$target/$folder"
  fi
done

echo "Backed up $database ($(du -h "$target/together.db" | cut -f1)), keys and icons to $target"
