#!/usr/bin/env bash
# scripts/appimage.sh DEB OUT: Kindly's AppImage, made from the finished .deb with nothing
# downloaded (the Tauri bundler's way fetches linuxdeploy, which this machine can't reach).
#
# The AppImage is a type 2 AppImage: Kindly's own runtime (crates/appimage-runtime, which unpacks
# the image into the user's cache instead of mounting it with FUSE), then a zstd squashfs of the
# AppDir. The AppDir holds:
# - the .deb's files (the stripped kindly, the desktop entry, the icons), marked as an AppImage
#   build so the updater replaces the AppImage rather than installing a .deb;
# - WebKitGTK and every library kindly and WebKit's helper processes load, except the ones that
#   must come from the computer it runs on (the C library, graphics drivers, X and fonts);
# - WebKit's helper processes. WebKitGTK starts them from a path fixed when it was compiled
#   (/usr/lib/…/webkit2gtk-4.1); each `/usr` in the bundled libwebkit is rewritten to `././`,
#   the same length, and AppRun starts Kindly inside AppDir/usr, so the path lands in the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$1
out=$2
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p appimage-runtime >&2
runtime=target/release/kindly-appimage-runtime

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app="$work/Kindly.AppDir"
dpkg-deb -x "$deb" "$app"

# The bundler marked the binary as a .deb build; the updater reads that mark.
if ! grep -qa __TAURI_BUNDLE_TYPE_VAR_DEB "$app/usr/bin/kindly"; then
  echo "appimage: the binary carries no bundle mark to change" >&2
  exit 1
fi
sed -i 's/__TAURI_BUNDLE_TYPE_VAR_DEB/__TAURI_BUNDLE_TYPE_VAR_APP/' "$app/usr/bin/kindly"

multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
webkit_dir=/usr/lib/$multiarch/webkit2gtk-4.1
mkdir -p "$app/usr/lib/$multiarch/webkit2gtk-4.1/injected-bundle"
for helper in WebKitWebProcess WebKitNetworkProcess WebKitGPUProcess injected-bundle/libwebkit2gtkinjectedbundle.so; do
  [ -e "$webkit_dir/$helper" ] && cp -L "$webkit_dir/$helper" "$app/usr/lib/$multiarch/webkit2gtk-4.1/$helper"
done

# Libraries that must come from the running system: the C library and loader, the graphics
# stack (drivers must match the kernel and GPU), X/Wayland clients, fonts and sound.
host_only='^(ld-linux.*|libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl|libnsl|libmvec|libBrokenLocale|libGL|libGLX|libGLdispatch|libOpenGL|libEGL|libGLESv2|libglapi|libdrm|libgbm|libX11|libX11-xcb|libxcb|libxcb-.*|libwayland-client|libfontconfig|libfreetype|libharfbuzz|libasound|libjack|libpipewire-0\.3|libz|libexpat|libcom_err|libgpg-error|libusb-1\.0|libuuid)\.so'
mkdir -p "$app/usr/lib"
{
  ldd "$app/usr/bin/kindly"
  for f in "$app/usr/lib/$multiarch/webkit2gtk-4.1/"Web* "$app/usr/lib/$multiarch/webkit2gtk-4.1/injected-bundle/"*.so; do
    ldd "$f"
  done
} | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | while read -r lib; do
  name=$(basename "$lib")
  [[ "$name" =~ $host_only ]] && continue
  [ -e "$app/usr/lib/$name" ] || cp -L "$lib" "$app/usr/lib/$name"
done
# The tray's library is opened at run time (dlopen), so ldd doesn't list it.
for lib in /usr/lib/$multiarch/libayatana-appindicator3.so.1 /usr/lib/$multiarch/libayatana-indicator3.so.7 \
           /usr/lib/$multiarch/libayatana-ido3-0.4.so.0 /usr/lib/$multiarch/libdbusmenu-glib.so.4 \
           /usr/lib/$multiarch/libdbusmenu-gtk3.so.4; do
  [ -e "$lib" ] && cp -L "$lib" "$app/usr/lib/"
done

webkit_lib="$app/usr/lib/libwebkit2gtk-4.1.so.0"
[ -f "$webkit_lib" ] || { echo "appimage: WebKitGTK was not bundled" >&2; exit 1; }
if ! grep -qaF "/usr/lib/$multiarch/webkit2gtk-4.1" "$webkit_lib"; then
  echo "appimage: WebKitGTK records no helper path to rewrite; it would start the system's helpers" >&2
  exit 1
fi
for lib in "$app"/usr/lib/libwebkit*.so* "$app"/usr/lib/libjavascriptcore*.so*; do
  sed -i 's|/usr|././|g' "$lib"
done
grep -qaF "././/lib/$multiarch/webkit2gtk-4.1" "$webkit_lib"

# GTK's settings schemas (file dialogs read them).
mkdir -p "$app/usr/share/glib-2.0/schemas"
cp /usr/share/glib-2.0/schemas/gschemas.compiled "$app/usr/share/glib-2.0/schemas/"

# What an AppImage shows of itself: the desktop entry and icon at the top.
cp "$app/usr/share/applications/Kindly.desktop" "$app/kindly.desktop"
cp "$app/usr/share/icons/hicolor/256x256/apps/kindly.png" "$app/kindly.png" 2>/dev/null \
  || cp "$(find "$app/usr/share/icons" -name 'kindly.png' | sort | tail -n1)" "$app/kindly.png"
cp "$app/kindly.png" "$app/.DirIcon"
cat > "$app/AppRun" <<'EOF'
#!/bin/sh
# Starts Kindly from this AppDir with its own libraries first.
HERE=$(dirname "$(readlink -f "$0")")
export APPDIR="${APPDIR:-$HERE}"
export LD_LIBRARY_PATH="$HERE/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export XDG_DATA_DIRS="$HERE/usr/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
export GSETTINGS_SCHEMA_DIR="$HERE/usr/share/glib-2.0/schemas"
# WebKitGTK's helper paths were rewritten to start with ././ (see scripts/appimage.sh).
cd "$HERE/usr" || exit 1
exec "$HERE/usr/bin/kindly" "$@"
EOF
chmod 755 "$app/AppRun"

mksquashfs "$app" "$work/image" -root-owned -noappend -comp zstd -Xcompression-level 19 -quiet -no-progress >&2
cat "$runtime" "$work/image" > "$work/out"
# The type 2 AppImage mark: "AI" and 2 in the ELF header's padding.
printf 'AI\002' | dd of="$work/out" bs=1 seek=8 conv=notrunc status=none
chmod 755 "$work/out"
mv "$work/out" "$out"
