#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The package on a Debian 12 system that has never seen the source: a minimal root made with
# debootstrap from Debian's archive, where apt installs the .deb with its declared dependencies
# only (and their Recommends, as apt does for a user). There, shardscope-cli runs end to end (a
# stream, records written and read back, the endpoint served to the host's AWS CLI), shardscope
# starts under Xvfb to its first paint, and the package is purged, leaving the root as it was,
# and its dependencies autoremoved. The install command is the user guide's.
# Usage: check_clean_install.sh BUILD_DIR. Needs root (debootstrap, chroot, mount) and Debian's
# archive (SHS_DEBIAN_MIRROR, default http://deb.debian.org/debian). The downloaded packages are
# kept in ~/.cache/shardscope-tests, so a second run fetches nothing but the indexes.
set -euo pipefail
build=$1
mirror=${SHS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${SHS_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
fail() { echo "clean install: $*" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then # debootstrap, chroot and mount need root
    command -v sudo >/dev/null || fail "needs root (for debootstrap, chroot and mount), or sudo"
    exec sudo -n -E bash "$0" "$@"
fi
for tool in debootstrap Xvfb aws; do
    command -v "$tool" >/dev/null || fail "$tool is missing (packaging/dev/deps.sh --tests installs it)"
done
cache=${XDG_CACHE_HOME:-$HOME/.cache}/shardscope-tests
mkdir -p "$cache/debootstrap" "$cache/apt"
work=$(mktemp -d)
root=$work/root
xvfb=""
server=""
mounts=()
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
    wait 2>/dev/null || true
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
bind() { mkdir -p "$2" && mount --bind "$1" "$2" && mounts+=("$2"); }
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
elapsed() { echo "$(($(date +%s) - start)) s"; }
start=$(date +%s)

(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/shardscope_*.deb)

# A minimal Debian 12 with its updates and security archive, as an installed system has them.
debootstrap --variant=minbase --cache-dir="$cache/debootstrap" bookworm "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; fail "debootstrap failed"; }
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
bind "$cache/apt" "$root/var/cache/apt/archives"
echo "ok - a Debian 12 root ($(elapsed))"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update failed"; }
# Installing anything upgrades what debootstrap took from the point release: do it first, so
# that what follows is the package's own doing.
in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -qq dist-upgrade >>"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log"; fail "apt-get dist-upgrade failed"; }

# What the root holds before: every path outside the caches, logs and package databases.
listing() {
    (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./run \
        -o -path ./tmp -o -path ./root -o -path ./var/cache -o -path ./var/lib/apt \
        -o -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/tmp \) -prune -o -print | sort)
}
packages() { in_root dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }'; }
packages >"$work/packages-before"

# First the package's declared dependencies and recommendations, as apt resolves them (with
# their own Recommends, as apt installs them for a user), so that what the package itself does
# can be told apart: the root is listed between the two.
relations="$(dpkg-deb -f "$deb" Depends), $(dpkg-deb -f "$deb" Recommends)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get satisfy -y -qq "$relations" >>"$work/apt.log" 2>&1 ||
    { tail -40 "$work/apt.log"; fail "apt cannot satisfy $relations"; }
# apt marks what `satisfy` installs as chosen by hand; as dependencies of the package they are
# automatic, as `apt install ./shardscope_*.deb` alone would have marked them.
packages >"$work/packages-deps"
in_root apt-mark auto $(comm -13 <(sort "$work/packages-before") <(sort "$work/packages-deps")) >/dev/null
echo "ok - apt installed what it declares: $(packages | wc -l) packages in the root ($(elapsed))"
listing >"$work/before"

# Then the package, by the user guide's own command (its "sh install" block), in the root.
guide="$(dirname "$0")/../../resources/guide/guide.md"
install=$(awk '/^```sh install$/ { on = 1; next } on && /^```$/ { exit } on' "$guide" | sed 's/^sudo //')
[ -n "$install" ] || fail "no 'sh install' block in $guide"
cp "$deb" "$root/tmp/"
(yes || true) | chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive sh -c "cd /tmp && $install" >>"$work/apt.log" 2>&1 ||
    { tail -40 "$work/apt.log"; fail "the guide's '$install' failed"; }
in_root dpkg-query -W -f='${db:Status-Abbrev}' shardscope | grep -q '^ii' || fail "shardscope is not installed"
echo "ok - the guide's '$install' installed $(basename "$deb") ($(elapsed))"
in_root dpkg -L shardscope >"$work/files"
# The lesson MIME type is in the desktop's database (dpkg's trigger ran update-mime-database).
grep -q 'application/x-shardscope-lesson' "$root/usr/share/mime/types" ||
    fail "the lesson MIME type is not in /usr/share/mime/types after the install"

# shardscope-cli end to end.
cli() { in_root shardscope-cli --data-dir /tmp/data "$@"; }
cli create-stream --stream-name clean --shard-count 2
cli wait stream-exists --stream-name clean
for i in 1 2 3; do
    cli put-record --stream-name clean --partition-key "user-$i" --data "hello $i" \
        --cli-binary-format raw-in-base64-out >/dev/null
done
read=$(cli tail --stream clean --no-follow --format text 2>&1) || fail "tail: $read"
for i in 1 2 3; do grep -q "hello $i" <<<"$read" || fail "record $i not read back: $read"; done
echo "ok - shardscope-cli: a stream, three records written and read back"
# The endpoint, served from the root to the host's AWS CLI over loopback.
# (chroot execs env, which execs the program: $! is the server itself.)
chroot "$root" env -i HOME=/root PATH=/usr/bin:/bin shardscope-cli --data-dir /tmp/data \
    serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 200); do grep -q "^Serving the Kinesis API at" "$work/serve.log" && break; sleep 0.05; done
url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log")
[ -n "$url" ] || { cat "$work/serve.log"; fail "serve did not start"; }
export AWS_ACCESS_KEY_ID=any AWS_SECRET_ACCESS_KEY=any AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
streams=$(aws kinesis list-streams --endpoint-url "$url" --query 'StreamNames' --output text)
[ "$streams" = clean ] || fail "list-streams from the host: '$streams'"
aws kinesis put-record --endpoint-url "$url" --stream-name clean --partition-key host \
    --data aG9zdA== --query ShardId --output text >/dev/null
kill "$server"
wait "$server" || fail "serve did not stop cleanly on SIGTERM"
server=""
echo "ok - its endpoint answers the host's AWS CLI at $url"

# The window, to its first paint, on the host's Xvfb (the root has no X server: not a dependency).
[ -d /tmp/.X11-unix ] || mkdir -m 1777 /tmp/.X11-unix
bind /tmp/.X11-unix "$root/tmp/.X11-unix"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
display=$(tr -dc 0-9 <"$work/display")
[ -n "$display" ] || fail "Xvfb did not start"
install -d -m 0700 "$root/tmp/xdg"
chroot "$root" env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY=":$display" \
    XDG_RUNTIME_DIR=/tmp/xdg SHARDSCOPE_READY_FILE=/tmp/ready \
    shardscope --data-dir /tmp/data >"$work/window.log" 2>&1 &
window=$!
for _ in $(seq 600); do [ -s "$root/tmp/ready" ] && break; kill -0 "$window" 2>/dev/null || break; sleep 0.1; done
[ -s "$root/tmp/ready" ] || { cat "$work/window.log"; fail "shardscope did not paint its first frame"; }
kill -TERM "$window"
wait "$window" || { cat "$work/window.log"; fail "shardscope did not quit cleanly on SIGTERM"; }
! grep -qiE 'could not (load|find)|cannot load|failed to load' "$work/window.log" ||
    { cat "$work/window.log"; fail "shardscope misses something at run time"; }
echo "ok - shardscope painted its first frame under Xvfb (display :$display) and quit cleanly"

# Purged: the root is as it was before the package, and nothing of it is left.
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq shardscope >>"$work/apt.log" 2>&1
while read -r f; do
    [ -d "$root$f" ] && continue # shared directories (/usr/share/man/man1) stay
    [ -e "$root$f" ] && fail "$f is left after the purge"
done <"$work/files"
listing >"$work/after"
if ! diff "$work/before" "$work/after" >"$work/left"; then
    cat "$work/left"
    fail "the root is not as it was after the purge"
fi
echo "ok - purged: the root is as it was before the package"
# And the dependencies go with autoremove, leaving the packages debootstrap made. (Files their
# maintainer scripts made, such as system users and /etc/machine-id, stay by Debian's design.)
in_root env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >>"$work/apt.log" 2>&1
packages >"$work/packages-after"
if ! diff "$work/packages-before" "$work/packages-after" >"$work/left"; then
    cat "$work/left"
    fail "packages are left after autoremove"
fi
echo "ok - autoremove took the dependencies away again ($(elapsed) in all)"
