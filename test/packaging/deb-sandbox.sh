#!/bin/sh
# Installs, upgrades, removes and purges the kiosk .deb with the real dpkg, inside a private
# mount namespace whose /etc, /var, /opt and /usr are overlays on a tmpfs: everything the
# package and its maintainer scripts change vanishes when this script ends, the host is
# untouched. Prints `key=value` lines that test/packaging/deb.integration.test.ts checks.
# Run as root: unshare -m sh deb-sandbox.sh PACKAGE.deb HOST_UNIT_FILE
set -eu

DEB=$1
HOST_UNIT=$2
UNIT=branch-kiosk-session.service

UPPER=$(mktemp -d /tmp/deb-sandbox-XXXXXX)
mount -t tmpfs tmpfs "$UPPER"
for dir in etc var opt usr; do
  mkdir -p "$UPPER/$dir/upper" "$UPPER/$dir/work"
  mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$UPPER/$dir/upper,workdir=$UPPER/$dir/work" "/$dir"
done

state() {
  echo "user=$(getent passwd kiosk || echo none)"
  echo "groups=$(id -nG kiosk 2>/dev/null | tr ' ' ',' || echo none)"
  for path in /var/lib/branch-kiosk /var/log/branch-kiosk /etc/branch-kiosk /etc/branch-kiosk/kiosk.json; do
    echo "mode:$path=$(stat -c '%a %U:%G' "$path" 2>/dev/null || echo missing)"
  done
  echo "default-target=$(readlink /etc/systemd/system/default.target || echo none)"
  echo "enabled=$(readlink /etc/systemd/system/graphical.target.wants/$UNIT || echo none)"
  echo "masked=$(readlink /etc/systemd/system/$UNIT || echo none)"
}

# Depends such as libgtk are a desktop's, not this container's: only they are forced.
dpkg --force-depends -i "$DEB" >/dev/null 2>&1
echo "phase=installed"
state
echo "kioskctl=$(/usr/bin/kioskctl --help 2>&1 | head -n 1)"

# Every unit as installed, with its real paths; cage (a Recommends) and npm are stand-ins.
for tool in cage npm; do
  if [ ! -x "/usr/bin/$tool" ]; then
    printf '#!/bin/sh\nexit 0\n' >"/usr/bin/$tool"
    chmod 0755 "/usr/bin/$tool"
  fi
done
cp "$HOST_UNIT" /usr/lib/systemd/system/
for unit in /usr/lib/systemd/system/branch-kiosk-*.service; do
  echo "verify:$(basename "$unit")=$(systemd-analyze verify --man=no "$unit" 2>&1 | tr '\n' ' ')"
done
rm -f /usr/lib/systemd/system/branch-kiosk-host.service

echo '{"kioskId":"K42"}' >/etc/branch-kiosk/kiosk.json
chmod 0600 /var/lib/branch-kiosk
dpkg --force-depends -i "$DEB" >/dev/null 2>&1
echo "phase=upgraded"
echo "config=$(cat /etc/branch-kiosk/kiosk.json)"
state

dpkg -r branch-kiosk >/dev/null 2>&1
echo "phase=removed"
state
echo "app=$(test -e /opt/branch-kiosk/branch-kiosk && echo present || echo gone)"

dpkg -P branch-kiosk >/dev/null 2>&1
echo "phase=purged"
state
