#!/bin/sh
# Check that the README's two commands work on a fresh Debian 12: make a minimal root with
# `debootstrap --variant=minbase bookworm`, `git clone` this checkout's HEAD into it, then as root
# inside it run `sh scripts/start.sh` (window on an Xvfb of this machine, screenshot) and
# `sh scripts/test.sh`, and report. Needs: root, debootstrap, git, Xvfb, xdotool, ImageMagick
# (import) on this machine, and network access to deb.debian.org and PyPI.
#
# Usage: sudo sh scripts/check_fresh_debian.sh [WORKDIR] [-- PYTEST ARGS]
#   WORKDIR (default /var/tmp/ykt-fresh-debian) holds root/ (recreated each run; mounts are
#   removed on exit) and the logs: debootstrap.log, start.log, start.png, test.log, report.txt.
#   PYTEST ARGS are passed to scripts/test.sh (e.g. -- tests/test_fresh_machine_libs.py).
# Env: DEBIAN_MIRROR (default http://deb.debian.org/debian), XVFB_DISPLAY (default 73),
#   START_TIMEOUT seconds to wait for the window (default 900).
# Only pip's certificate setting is carried into the root (a machine behind a TLS-inspecting
# proxy needs its CA bundle); everything else is what a fresh Debian has.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=/var/tmp/ykt-fresh-debian
if [ "$#" -gt 0 ] && [ "$1" != "--" ]; then WORK=$1; shift; fi
if [ "$#" -gt 0 ] && [ "$1" = "--" ]; then shift; fi
ROOT=$WORK/root
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DISP=${XVFB_DISPLAY:-73}
START_TIMEOUT=${START_TIMEOUT:-900}
[ "$(id -u)" = 0 ] || { echo "需要 root 权限（debootstrap、chroot、mount）" >&2; exit 2; }
XVFB_PID=""; APP_PID=""

unmount_all() {
  for dir in tmp/.X11-unix dev/shm dev/pts dev sys proc; do
    if mountpoint -q "$ROOT/$dir" 2>/dev/null; then umount "$ROOT/$dir" || umount -l "$ROOT/$dir"; fi
  done
}
cleanup() {
  [ -z "$APP_PID" ] || kill -- "-$APP_PID" 2>/dev/null || true
  [ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
  unmount_all
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A command inside the root as a fresh login would run it: no variables from this machine.
in_root() {
  ${IN_ROOT_EXEC:-} env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb ${DISPLAY_VAR:+DISPLAY=$DISPLAY_VAR} chroot "$ROOT" sh -c "$1"
}

make_root() {
  mkdir -p "$WORK"
  unmount_all
  if grep -q " $ROOT/" /proc/mounts; then echo "$ROOT 下仍有挂载，不删除" >&2; exit 2; fi
  rm -rf "$ROOT"
  rm -f "$WORK/start.png" "$WORK/start.log" "$WORK/test.log" "$WORK/report.txt"
  echo "== debootstrap --variant=minbase bookworm $ROOT"
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1
  # The updates and security suites an installed Debian has.
  cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://security.debian.org/debian-security bookworm-security main
EOF
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  mkdir -p "$ROOT/tmp/.X11-unix"
  mount -t proc proc "$ROOT/proc"
  mount --bind /sys "$ROOT/sys"
  mount --bind /dev "$ROOT/dev"
  mount --bind /dev/pts "$ROOT/dev/pts"
  mount --bind /dev/shm "$ROOT/dev/shm"
  mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix"
  CERT=$(python3 -m pip config list 2>/dev/null | sed -n "s/^[^.]*\.cert='\(.*\)'$/\1/p" | head -1)
  if [ -n "$CERT" ] && [ -f "$CERT" ]; then
    cp "$CERT" "$ROOT/etc/pip-ca-bundle.crt"
    printf '[global]\ncert = /etc/pip-ca-bundle.crt\n' >"$ROOT/etc/pip.conf"
  fi
  git clone -q "$REPO" "$ROOT/root/ykt-desktop"
  echo "   克隆 $(git -C "$REPO" log -1 --format='%h %s' | cut -c1-90)"
}

run_start() {
  echo "== sh scripts/start.sh（Xvfb :$DISP，等窗口最多 ${START_TIMEOUT} 秒）"
  [ ! -e "/tmp/.X11-unix/X$DISP" ] || { echo "显示 :$DISP 已被占用，请设 XVFB_DISPLAY" >&2; exit 2; }
  Xvfb ":$DISP" -screen 0 1366x768x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  sleep 2
  # Its own process group, so that a timeout also ends apt/pip started by start.sh.
  (DISPLAY_VAR=":$DISP" IN_ROOT_EXEC="exec setsid" \
    in_root "cd /root/ykt-desktop && exec sh scripts/start.sh") >"$WORK/start.log" 2>&1 &
  APP_PID=$!
  waited=0; START_RESULT="没有出现窗口"
  while [ "$waited" -lt "$START_TIMEOUT" ]; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then START_RESULT="start.sh 提前退出（见 start.log）"; break; fi
    if DISPLAY=":$DISP" xdotool search --onlyvisible --name "一卡通核查.*演示" >/dev/null 2>&1; then
      sleep 10  # let the first page fill in
      DISPLAY=":$DISP" import -window root "$WORK/start.png"
      START_RESULT="窗口在 ${waited} 秒后出现，截图 $WORK/start.png"; break
    fi
    sleep 5; waited=$((waited + 5))
  done
  echo "   $START_RESULT"
  # What the start script left missing, as the app's own check sees it (the X server still up).
  PREFLIGHT=$(DISPLAY_VAR=":$DISP" in_root "cd /root/ykt-desktop && .venv/bin/python -c \
    'import os; from ui.qt_preflight import preflight_message as m; print(m(os.environ) or \"无缺失\")'" \
    2>&1 || true)
  echo "   软件的启动检查：$PREFLIGHT"
  kill -- "-$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
  kill "$XVFB_PID" 2>/dev/null || true; XVFB_PID=""
}

run_tests() {
  echo "== sh scripts/test.sh $*"
  set +e
  in_root "cd /root/ykt-desktop && sh scripts/test.sh $*" >"$WORK/test.log" 2>&1
  TEST_RC=$?
  set -e
  TEST_SUMMARY=$(grep -E '(passed|failed|error)' "$WORK/test.log" | tail -1)
  echo "   退出码 $TEST_RC：$TEST_SUMMARY"
}

make_root
run_start
run_tests "$@"
{
  echo "全新 Debian 12（debootstrap --variant=minbase bookworm）上的 README 两条命令"
  echo "检出：$(git -C "$ROOT/root/ykt-desktop" log -1 --format='%h %s' | cut -c1-100)"
  echo "Python：$(in_root 'python3 --version' 2>&1)"
  echo "sh scripts/start.sh：$START_RESULT"
  echo "start.sh 之后软件的启动检查（库、图形桌面）：$PREFLIGHT"
  echo "sh scripts/test.sh：退出码 $TEST_RC，$TEST_SUMMARY"
} | tee "$WORK/report.txt"
[ "$TEST_RC" = 0 ] && [ -f "$WORK/start.png" ] && [ "$PREFLIGHT" = "无缺失" ]
