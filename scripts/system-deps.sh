#!/usr/bin/env bash
# Installs the Debian packages the college needs outside Python, when they are missing:
# WeasyPrint's Pango, HarfBuzz subsetting (without it Chinese PDFs take 50-100x longer),
# a CJK font family, gettext for the catalogues, ffmpeg for the demo video, and (for
# the test suite) Chromium.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext ffmpeg)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium poppler-utils)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "These system packages are missing: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
