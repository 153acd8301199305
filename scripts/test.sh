#!/usr/bin/env bash
# Runs every Together test on a Debian 12 machine, fresh or not, by hand or in CI:
#   1. installs the Debian packages the suites need (only those missing),
#   2. installs npm packages wherever a package.json asks for them,
#   3. builds the solution once,
#   4. runs each test suite (one folder of Together.Tests), prints its time, and fails on any failure or skip.
# Non-interactive and idempotent. Environment: TOGETHER_CONFIGURATION (Debug), TOGETHER_REQUIRED_SUITES.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

configuration="${TOGETHER_CONFIGURATION:-Debug}"
# Suites that must run at least one test: a run that silently lost them is not green.
required_suites="${TOGETHER_REQUIRED_SUITES:-AppHost}"
results="$repo/TestResults"
# fonts-noto-color-emoji: Chromium draws emoji (reactions, the emoji picker) in the browser tests' screenshots.
debian_packages=(postgresql chromium coturn rabbitmq-server fonts-noto-color-emoji)

export DEBIAN_FRONTEND=noninteractive
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Browsers come from Debian (/usr/bin/chromium); no tool may download its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1
# Aspire's AppHost runs over plain http here: there is no developer certificate.
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

log() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else fail "need root (or sudo) to run: $*"
  fi
}

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_debian_packages() {
  local missing=()
  for package in "$@"; do is_installed "$package" || missing+=("$package"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "Debian packages present: $*"
    return
  fi

  log "Installing ${missing[*]}"
  # Packages start their services on install (PostgreSQL's 'main' cluster on 5432, RabbitMQ on 5672, coturn on
  # 3478). Tests start their own on free ports, so keep the system ones down with the standard policy-rc.d hook.
  local policy=/usr/sbin/policy-rc.d added_policy=false
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    added_policy=true
  fi
  local status=0
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq || status=$?
  if [[ $status -eq 0 ]]; then
    as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  fi
  if $added_policy; then as_root rm -f "$policy"; fi
  [[ $status -eq 0 ]] || fail "apt-get could not install ${missing[*]}"
}

install_npm_packages() {
  local manifests
  manifests="$(find . -name package.json -not -path '*/node_modules/*' -not -path './artifacts/*' \
    -not -path '*/bin/*' -not -path '*/obj/*' -not -path './TestResults/*' | sort)"
  if [[ -z $manifests ]]; then
    echo "No package.json: no npm packages to install."
    return
  fi

  command -v npm >/dev/null || install_debian_packages nodejs npm
  while IFS= read -r manifest; do
    local folder
    folder="$(dirname "$manifest")"
    if [[ -f $folder/package-lock.json ]]; then
      # npm ci starts from scratch; skip it when node_modules already matches the lockfile.
      if [[ -f $folder/node_modules/.package-lock.json && $folder/node_modules/.package-lock.json -nt $folder/package-lock.json ]]; then
        echo "npm packages up to date in $folder"
      else
        log "npm ci in $folder"
        (cd "$folder" && npm ci --no-audit --no-fund)
      fi
    else
      log "npm install in $folder (no lockfile)"
      (cd "$folder" && npm install --no-audit --no-fund)
    fi
  done <<<"$manifests"
}

# One suite per top-level folder of Together.Tests holding tests; Infrastructure only holds helpers.
discover_suites() {
  find Together.Tests -mindepth 1 -maxdepth 1 -type d \
    -not -name bin -not -name obj -not -name Infrastructure -not -name TestResults -printf '%f\n' | sort |
    while IFS= read -r folder; do
      if grep -rqlE '\[(Fact|Theory)' "Together.Tests/$folder" --include='*.cs'; then echo "$folder"; fi
    done
}

counter() { sed -n "s/.*<Counters [^>]*\b$2=\"\([0-9]*\)\".*/\1/p" "$1" | head -n 1; }

# Each failed test's name and the first lines of its message and stack, so the end of the log says what failed
# (CI keeps only the tail). perl-base is part of every Debian system.
print_failures() {
  perl -0777 -ne '
    sub unescape { my $t = shift; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&quot;/"/g; $t =~ s/&apos;/\x27/g; $t =~ s/&amp;/&/g; $t }
    while (/<UnitTestResult\b([^>]*[^\/>])>(.*?)<\/UnitTestResult>/sg) {
      my ($attributes, $body) = ($1, $2);
      next unless $attributes =~ /outcome="(Failed|Error|Timeout|Aborted)"/;
      my ($name) = $attributes =~ /testName="([^"]*)"/;
      my ($duration) = $attributes =~ /duration="([^"]*)"/;
      my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
      my ($stack) = $body =~ /<StackTrace>(.*?)<\/StackTrace>/s;
      my @lines = (split(/\n/, unescape($message // "")))[0 .. 5];
      my @frames = grep { /Together\./ } split(/\n/, unescape($stack // ""));
      print "\n[FAILED] ", unescape($name), " ($duration)\n";
      print "  $_\n" for grep { defined } @lines;
      print "  $_\n" for @frames[0 .. ($#frames < 1 ? $#frames : 1)];
    }' "$@"
}

command -v dotnet >/dev/null || fail "the .NET SDK is missing (see global.json for the version)"

log "Debian packages"
install_debian_packages "${debian_packages[@]}"

log "npm packages"
install_npm_packages

log "Build ($configuration)"
build_started=$SECONDS
dotnet build Together.sln -c "$configuration" -nologo -clp:NoSummary
build_seconds=$((SECONDS - build_started))
echo "Build took $build_seconds s"

rm -rf "$results"
mkdir -p "$results"

# The web client's unit tests (Vitest); the built client itself is tested in Chromium by the Web suite.
log "Web client unit tests (Vitest)"
vitest_started=$SECONDS vitest_status=0
(cd Together.Web/ClientApp && npm test --silent) </dev/null || vitest_status=$?
vitest_seconds=$((SECONDS - vitest_started))

mapfile -t suites < <(discover_suites)
[[ ${#suites[@]} -gt 0 ]] || fail "no test suites found under Together.Tests"

# Tests outside every suite folder still run, as the 'Other' suite.
other_filter=""
for suite in "${suites[@]}"; do other_filter+="${other_filter:+&}FullyQualifiedName!~Together.Tests.$suite."; done

tests_started=$SECONDS
declare -A suite_seconds suite_passed suite_failed suite_skipped
total_passed=0 total_failed=0 total_skipped=0 broken_runs=()

run_suite() {
  local suite=$1 filter=$2 started=$SECONDS status=0
  log "Suite $suite"
  dotnet test Together.Tests/Together.Tests.csproj -c "$configuration" --no-build -nologo \
    --filter "$filter" \
    --results-directory "$results" \
    --logger "trx;LogFileName=$suite.trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 15m --blame-hang-dump-type none </dev/null || status=$?
  suite_seconds[$suite]=$((SECONDS - started))

  local trx="$results/$suite.trx"
  if [[ -f $trx ]]; then
    suite_passed[$suite]=$(counter "$trx" passed)
    suite_failed[$suite]=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    suite_skipped[$suite]=$(counter "$trx" notExecuted)
  else
    suite_passed[$suite]=0 suite_failed[$suite]=0 suite_skipped[$suite]=0
  fi
  [[ $status -eq 0 ]] || broken_runs+=("$suite (dotnet test exit $status)")
  total_passed=$((total_passed + suite_passed[$suite]))
  total_failed=$((total_failed + suite_failed[$suite]))
  total_skipped=$((total_skipped + suite_skipped[$suite]))
}

for suite in "${suites[@]}"; do run_suite "$suite" "FullyQualifiedName~Together.Tests.$suite."; done
run_suite Other "$other_filter"

log "Summary ($configuration)"
printf '%-16s %8s %8s %8s %8s\n' suite seconds passed failed skipped
for suite in "${suites[@]}" Other; do
  printf '%-16s %8s %8s %8s %8s\n' "$suite" "${suite_seconds[$suite]}" "${suite_passed[$suite]}" "${suite_failed[$suite]}" "${suite_skipped[$suite]}"
done
echo "Build ${build_seconds} s, tests $((SECONDS - tests_started)) s. Results (trx): $results"

echo "Web client unit tests (Vitest): $vitest_seconds s, exit $vitest_status"

problems=("${broken_runs[@]}")
[[ $vitest_status -eq 0 ]] || problems+=("web client unit tests (vitest exit $vitest_status)")
for suite in $required_suites; do
  [[ ${suite_passed[$suite]:-0} -gt 0 ]] || problems+=("required suite $suite ran no passing test")
done
# A skipped PostgreSQL, AppHost or browser test is a test that could not run: that is not green.
[[ $total_skipped -eq 0 ]] || problems+=("$total_skipped test(s) skipped")
[[ $((total_passed + total_failed)) -gt 0 ]] || problems+=("no test ran")

echo "total: $total_passed passed, $total_failed failed, $total_skipped skipped"
if [[ $total_failed -gt 0 ]]; then
  log "Failed tests"
  print_failures "$results"/*.trx
fi
if [[ ${#problems[@]} -gt 0 || $total_failed -gt 0 ]]; then
  printf 'FAILED: %s\n' "${problems[@]:-$total_failed test(s) failed}" >&2
  exit 1
fi
