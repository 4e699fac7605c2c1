#!/usr/bin/env bash
# Loop Lab: real Django measured on this machine, by one command (not part of the test command).
#   bench/django/run.sh            full matrix (~30 min of quiet machine time), writes bench/django/measured/<date>.json
#   bench/django/run.sh --quick    smoke subset (6 short cases), writes bench/django/.state/quick-<date>.json
# Other options (see README.md): --max-minutes N, --fresh, --finalize, --warmup S, --duration S, --out FILE.
# Resumable: finished cases are kept in .state/<mode>-results.jsonl and skipped when run again.
set -euo pipefail
cd "$(dirname "$0")"

# Debian's tools: wrk, ab (apache2-utils), ss (iproute2), and a venv for Debian's python3.
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v ab >/dev/null || need+=(apache2-utils)
command -v ss >/dev/null || need+=(iproute2)
/usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
# Debian's PostgreSQL server for the DB pool cases (full mode only; the harness runs its own throwaway cluster).
case " $* " in
  *" --quick "*|*" --no-db "*|*" --finalize "*) ;;
  *) ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql) ;;
esac
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi

# Pinned Python requirements into bench/django/.venv (re-installed when requirements.txt changes).
if [ ! -x .venv/bin/python ] || ! cmp -s requirements.txt .venv/.requirements.txt; then
  echo "setting up .venv from requirements.txt"
  /usr/bin/python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/.requirements.txt
fi

exec .venv/bin/python -u harness.py "$@"
