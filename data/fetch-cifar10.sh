#!/usr/bin/env bash
# Downloads the official CIFAR-10 binary archive and verifies its published MD5.
# Usage: data/fetch-cifar10.sh [TARGET_DIR]   (default: data/)
# Then: data cifar10(dir: 'data/cifar-10-batches-bin')  or  cifar10(dir: 'data/cifar-10-binary.tar.gz')
set -euo pipefail
URL="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
MD5="c32a1d4ab5d03f1284b67883e8d87530"
dir="${1:-$(cd "$(dirname "$0")" && pwd)}"
mkdir -p "$dir"
archive="$dir/cifar-10-binary.tar.gz"
if [ ! -f "$archive" ]; then
  echo "downloading $URL -> $archive"
  tmp="$archive.part"
  if command -v curl >/dev/null; then curl -fL --retry 3 -o "$tmp" "$URL"; else wget -O "$tmp" "$URL"; fi
  mv "$tmp" "$archive"
fi
actual=$(md5sum "$archive" | cut -d' ' -f1)
if [ "$actual" != "$MD5" ]; then
  echo "error: $archive has MD5 $actual, expected $MD5 (corrupt or incomplete download; delete it and retry)" >&2
  exit 1
fi
echo "MD5 verified ($MD5)"
tar -xzf "$archive" -C "$dir"
echo "extracted to $dir/cifar-10-batches-bin"
