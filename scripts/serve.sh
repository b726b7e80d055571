#!/usr/bin/env bash
# Serves the site and runs the task worker beside it; stopping one stops both.
# The default site is pointed at the address served, so that links in mail, QR codes
# and PDFs lead here whatever PORT says.
set -euo pipefail
python=.venv/bin/python
address="127.0.0.1:${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://$address}"
"$python" manage.py set_site_url "$SITE_URL"
"$python" manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$python" manage.py runserver "$address"
