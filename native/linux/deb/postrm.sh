#!/bin/sh
# postrm of the branch-kiosk .deb (electron-builder deb.afterRemove). dpkg also runs it on
# upgrade: then it does nothing, so an upgrade never disables the kiosk.
#
# Purge keeps /var/lib/branch-kiosk: the outbox there may hold transactions the hub has not
# received yet. The technician deletes it once `kioskctl status` showed an empty backlog.
set -eu

SESSION_UNIT=branch-kiosk-session.service

case "${1:-}" in
  remove)
    deb-systemd-helper mask "$SESSION_UNIT" >/dev/null || true
    rm -f /etc/apparmor.d/branch-kiosk
    ;;
  purge)
    deb-systemd-helper purge "$SESSION_UNIT" >/dev/null || true
    deb-systemd-helper unmask "$SESSION_UNIT" >/dev/null || true
    rm -f /etc/apparmor.d/branch-kiosk
    rm -rf /etc/branch-kiosk /var/log/branch-kiosk
    echo "branch-kiosk: kept /var/lib/branch-kiosk (it may hold unsent transactions) and the kiosk user"
    ;;
  upgrade | failed-upgrade | abort-install | abort-upgrade | disappear) ;;
  *) ;;
esac

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
exit 0
