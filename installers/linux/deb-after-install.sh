#!/bin/sh
# dpkg's post-install step for the Lectern .deb: the kiosk units are put where systemd finds
# them, but nothing is enabled — a technician chooses kiosk mode with setup-kiosk.sh.
set -e
resources=/opt/Lectern/resources/linux
for unit in lectern-kiosk.service lectern-kiosk-browser.service; do
  install -m 0644 "$resources/$unit" "/usr/lib/systemd/system/$unit"
done
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
echo "Lectern: kiosk mode: sudo $resources/setup-kiosk.sh"
