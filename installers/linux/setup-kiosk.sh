#!/usr/bin/env bash
# Makes this Linux PC (Debian, UOS, Kylin) a kiosk station: a user "lectern" without a
# password or sudo, the data folder /var/lib/lectern owned by it, and the systemd unit that
# logs it in on tty1 and runs the station under cage, restarting it whenever it ends.
#   sudo ./setup-kiosk.sh            the installed Electron app (/opt/Lectern)
#   sudo ./setup-kiosk.sh --browser  the browser shell from a source checkout in /opt/lectern
#   sudo ./setup-kiosk.sh --remove   back to a normal login
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
unit=lectern-kiosk.service
case "${1:-}" in
  --browser) unit=lectern-kiosk-browser.service ;;
  --remove)
    systemctl disable --now lectern-kiosk.service lectern-kiosk-browser.service 2>/dev/null || true
    rm -f /etc/systemd/system/lectern-kiosk.service /etc/systemd/system/lectern-kiosk-browser.service
    systemctl daemon-reload
    systemctl unmask getty@tty1.service
    echo "讲台自助模式已移除 / Kiosk mode removed; the data folder /var/lib/lectern is kept."
    exit 0
    ;;
  "") ;;
  *)
    echo "用法 / Usage: sudo $0 [--browser | --remove]" >&2
    exit 2
    ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-kiosk: 请用 sudo 运行 / run with sudo" >&2
  exit 1
fi
if ! command -v cage >/dev/null; then
  echo "setup-kiosk: 缺少 cage，请先安装：apt-get install cage / cage is missing: apt-get install cage" >&2
  exit 1
fi

id lectern >/dev/null 2>&1 || useradd --system --create-home --shell /usr/sbin/nologin --groups video,audio,input,render lectern
install -d -o lectern -g lectern -m 0700 /var/lib/lectern
install -m 0644 "$here/$unit" "/etc/systemd/system/$unit"
systemctl daemon-reload
systemctl mask getty@tty1.service
systemctl set-default graphical.target
systemctl enable "$unit"
echo "已启用 $unit：重启后本机直接进入讲台 / Enabled $unit: after a reboot the PC shows only the station."
