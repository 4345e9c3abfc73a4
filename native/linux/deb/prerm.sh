#!/bin/sh
# prerm of the branch-kiosk .deb (fpm --before-remove): stop the kiosk before its files go.
# On upgrade the session keeps running until postinst restarts it on the new files.
set -eu

SESSION_UNIT=branch-kiosk-session.service

case "${1:-}" in
  remove | deconfigure)
    if [ -d /run/systemd/system ]; then
      deb-systemd-invoke stop "$SESSION_UNIT" >/dev/null || true
    fi
    ;;
  upgrade | failed-upgrade) ;;
  *) ;;
esac
exit 0
