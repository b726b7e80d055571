#!/usr/bin/env bash
# Serves the site and runs the task worker beside it; stopping one stops both.
set -euo pipefail
python=.venv/bin/python
"$python" manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$python" manage.py runserver "127.0.0.1:${PORT:-8000}"
