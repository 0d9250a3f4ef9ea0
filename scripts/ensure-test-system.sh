#!/usr/bin/env bash
# What the tests need from Debian: a Chromium for Playwright, Thai fonts (without
# them Thai renders as boxes), poppler's PDF tools, qpdf, an IMAP server (dovecot) and
# pg_dump and pg_restore (backups, the restore drill, the classified leak test).
# Installs them when running as root, else names the command.
set -euo pipefail
packages=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || packages+=(chromium)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || packages+=(qpdf)
[ -x /usr/sbin/dovecot ] || packages+=(dovecot-imapd)
command -v pg_dump >/dev/null 2>&1 || packages+=(postgresql-client)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=th 2>/dev/null)" ]; then packages+=(fonts-thai-tlwg); fi
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test packages from Debian: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
else
  echo "Missing test packages; run: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
