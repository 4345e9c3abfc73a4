#!/bin/sh
# postinst of the branch-kiosk .deb (electron-builder deb.afterInstall). Idempotent: it runs
# on every install and upgrade and repairs what it finds, never overwrites the kiosk's config.
# No dollar-brace-letters macros here: electron-builder substitutes those in templates.
set -eu

APP_DIR=/opt/branch-kiosk
KIOSK_USER=kiosk
DATA_DIR=/var/lib/branch-kiosk
LOG_DIR=/var/log/branch-kiosk
CONFIG_DIR=/etc/branch-kiosk
CONFIG="$CONFIG_DIR/kiosk.json"
SKELETON=/usr/share/branch-kiosk/kiosk.json
SESSION_UNIT=branch-kiosk-session.service

# dpkg calls postinst with "configure <old-version>"; electron-builder's fpm passes the same.
ACTION=${1:-configure}
OLD_VERSION=${2:-}
case "$ACTION" in
  configure) ;;
  abort-upgrade | abort-remove | abort-deconfigure) exit 0 ;;
  *) echo "postinst called with unknown argument '$ACTION'" >&2; exit 1 ;;
esac

# The kiosk's system user and group: no login shell, no password, home = its data dir.
if ! getent group "$KIOSK_USER" >/dev/null; then
  groupadd --system "$KIOSK_USER"
fi
if ! getent passwd "$KIOSK_USER" >/dev/null; then
  useradd --system --gid "$KIOSK_USER" --home-dir "$DATA_DIR" --no-create-home \
    --shell /usr/sbin/nologin --comment "Branch Kiosk" "$KIOSK_USER"
fi
# Serial readers (dialout), GPU and input for cage (video, render, input), camera and
# microphone for video help (video, audio). Groups missing on this system are skipped.
for group in dialout video render input audio; do
  if getent group "$group" >/dev/null; then
    usermod --append --groups "$group" "$KIOSK_USER"
  fi
done

# Data and logs hold customer transactions: the kiosk user only (modes repaired on upgrade).
install -d -m 0700 -o "$KIOSK_USER" -g "$KIOSK_USER" "$DATA_DIR" "$LOG_DIR"
chown "$KIOSK_USER:$KIOSK_USER" "$DATA_DIR" "$LOG_DIR"
chmod 0700 "$DATA_DIR" "$LOG_DIR"

# The config: readable by the kiosk, writable by root only, created once and never replaced.
install -d -m 0750 -o root -g "$KIOSK_USER" "$CONFIG_DIR"
if [ ! -e "$CONFIG" ]; then
  install -m 0640 -o root -g "$KIOSK_USER" "$SKELETON" "$CONFIG"
  echo "branch-kiosk: created $CONFIG; set kioskId, branchId, hubUrl and devices, then: kioskctl enroll"
fi

# Chromium's sandbox: user namespaces where the kernel allows them, else the SUID helper.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox"
else
  chmod 4755 "$APP_DIR/chrome-sandbox"
fi

# AppArmor (Ubuntu 24.04+ restricts user namespaces to profiled programs).
if command -v apparmor_parser >/dev/null 2>&1 && [ -r "$APP_DIR/resources/apparmor-profile" ]; then
  if apparmor_parser --skip-kernel-load --debug "$APP_DIR/resources/apparmor-profile" >/dev/null 2>&1; then
    cp -f "$APP_DIR/resources/apparmor-profile" /etc/apparmor.d/branch-kiosk
    if [ -d /sys/kernel/security/apparmor ] && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache /etc/apparmor.d/branch-kiosk || true
    fi
  fi
fi

# Stable /dev/kiosk names and group access for the devices.
if [ -S /run/udev/control ] && command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload || true
  udevadm trigger --action=add --subsystem-match=tty --subsystem-match=hidraw --subsystem-match=usbmisc || true
fi

# No console blanking from the next boot on (the session unit also turns it off right away).
if command -v update-grub >/dev/null 2>&1 && [ -r /etc/default/grub ]; then
  update-grub >/dev/null 2>&1 || echo "branch-kiosk: update-grub failed; consoleblank=0 applies once it runs" >&2
fi

# Boot into the kiosk: graphical target, cage session on tty1 (which takes tty1 from getty).
# deb-systemd-helper works in chroots and image builds too, where systemd is not running.
systemctl set-default graphical.target >/dev/null 2>&1 || ln -sf /usr/lib/systemd/system/graphical.target /etc/systemd/system/default.target
deb-systemd-helper unmask "$SESSION_UNIT" >/dev/null || true
# was-enabled is true on a first install; a technician's `systemctl disable` survives upgrades.
if deb-systemd-helper --quiet was-enabled "$SESSION_UNIT"; then
  deb-systemd-helper enable "$SESSION_UNIT" >/dev/null || true
else
  deb-systemd-helper update-state "$SESSION_UNIT" >/dev/null || true
fi

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  # An upgrade replaced the app under a running session: restart it on the new files. A fresh
  # install waits for the technician (config, enrollment) or the next boot.
  if [ -n "$OLD_VERSION" ]; then
    deb-systemd-invoke try-restart "$SESSION_UNIT" || true
  else
    echo "branch-kiosk: installed; configure $CONFIG, then reboot or: systemctl start $SESSION_UNIT"
  fi
fi
exit 0
