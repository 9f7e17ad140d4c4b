#!/usr/bin/env bash
# Installs the Debian packages bbg needs (docs/architecture.md, "Dependencies"). Idempotent; run as root.
# libopenblas0-openmp, not the pthread variant: pthread OpenBLAS spawns its own
# threads beside LibTorch's OpenMP pool, so N requested threads become 2N busy ones.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (no sudo is used)" >&2
  exit 1
fi
packages=(
  build-essential cmake pkg-config
  libtorch-dev libopenblas0-openmp liblapack-dev
  libtomlplusplus-dev libcli11-dev libhdf5-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  python3-numpy python3-matplotlib python3-h5py
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Make sure the OpenMP OpenBLAS is the one libblas/liblapack resolve to.
arch=$(dpkg --print-architecture)
case "$arch" in amd64) triplet=x86_64-linux-gnu ;; arm64) triplet=aarch64-linux-gnu ;; *) triplet="$(gcc -dumpmachine)" ;; esac
for lib in libblas.so.3 liblapack.so.3; do
  alt="/usr/lib/$triplet/openblas-openmp/$lib"
  if [ -e "$alt" ]; then
    update-alternatives --set "$lib-$triplet" "$alt" >/dev/null 2>&1 || true
  fi
done
echo "install-deps.sh: all packages present"
