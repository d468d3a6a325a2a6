#!/usr/bin/env bash
# Installs what `make run` / `make test` need on Debian 12 (and UOS / Kylin,
# which are Debian based) when it is missing. As root it installs; otherwise
# it prints the exact command to run and stops.
#   scripts/deps.sh build   WebKitGTK 4.1 and the C tool chain (make run)
#   scripts/deps.sh test    + Xvfb, WebKitWebDriver, CJK fonts, tauri-driver 2,
#                           Chromium + chromedriver (the LAN host browser test),
#                           ImageMagick (screenshots of the real window),
#                           node (the UI's pure modules run under it in a test),
#                           Biome (the UI's formatter and linter, from npm)
#   scripts/deps.sh release + tauri-cli 2 (the .deb bundler) as .tools/bin/tauri
#   scripts/deps.sh measure + Xvfb, CJK fonts, xdotool (make measure-app)
set -euo pipefail

BUILD_PKGS=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev librsvg2-dev)
TEST_PKGS=(xvfb xauth webkit2gtk-driver fonts-noto-cjk chromium chromium-driver imagemagick poppler-utils python3)
MEASURE_PKGS=(xvfb xauth fonts-noto-cjk xdotool)
TOOLS="$(cd "$(dirname "$0")/.." && pwd)/.tools"

want=("${BUILD_PKGS[@]}")
[ "${1:-build}" = test ] && want+=("${TEST_PKGS[@]}")
[ "${1:-build}" = measure ] && want+=("${MEASURE_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "缺少系统软件包：${missing[*]}。本机没有 apt-get，请按 docs/architecture.md 手动安装。" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "缺少系统软件包，请先运行：sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "安装系统软件包：${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "没有找到 Rust 工具链（cargo），请先安装：https://rustup.rs" >&2
  exit 1
fi
if command -v rustup >/dev/null; then
  for c in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
fi

if [ "${1:-build}" = test ] && ! command -v node >/dev/null; then
  # The UI's pure modules (ui/back.js) are tested under node.
  if [ "$(id -u)" -ne 0 ]; then
    echo "缺少 node，请先运行：sudo apt-get install -y nodejs" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
fi

if [ "${1:-build}" = test ] && [ ! -x "$TOOLS/bin/biome" ]; then
  # Biome: one prebuilt binary that formats and lints the UI's plain ES
  # modules (make test runs `biome ci ui`); pinned, so a new release never
  # reformats the code on its own. Only a tool of the tests: the app needs
  # no npm to build or run.
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "缺少 npm，请先运行：sudo apt-get install -y npm" >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  echo "安装 Biome 2.6.8（npm @biomejs/biome）到 $TOOLS"
  mkdir -p "$TOOLS/bin"
  npm install --prefix "$TOOLS/biome" --no-audit --no-fund --silent '@biomejs/biome@2.6.8'
  ln -sf ../biome/node_modules/.bin/biome "$TOOLS/bin/biome"
fi

if [ "${1:-build}" = test ] && [ ! -x "$TOOLS/bin/tauri-driver" ]; then
  # Pinned to 2.x: the newest published tauri-driver is a 3.0 alpha.
  echo "安装 tauri-driver 2 到 $TOOLS"
  cargo install tauri-driver --version '^2' --locked --root "$TOOLS" --quiet
fi

if [ "${1:-build}" = release ] && [ ! -x "$TOOLS/bin/tauri" ]; then
  # tauri-cli 2 (never the 3.0 alphas). npm's @tauri-apps/cli ships the same
  # CLI prebuilt: installed in seconds, where `cargo install` compiles ~600
  # crates (10+ minutes on two cores). Without npm, cargo install it is.
  mkdir -p "$TOOLS/bin"
  if command -v npm >/dev/null; then
    echo "安装 tauri-cli 2（npm @tauri-apps/cli@^2）到 $TOOLS"
    npm install --prefix "$TOOLS/npm" --no-audit --no-fund --silent '@tauri-apps/cli@^2'
    ln -sf ../npm/node_modules/.bin/tauri "$TOOLS/bin/tauri"
  else
    echo "安装 tauri-cli 2（cargo install）到 $TOOLS，需要几分钟"
    cargo install tauri-cli --version '^2' --locked --root "$TOOLS" --quiet
    printf '#!/bin/sh\nexec "%s/bin/cargo-tauri" tauri "$@"\n' "$TOOLS" > "$TOOLS/bin/tauri"
    chmod +x "$TOOLS/bin/tauri"
  fi
  "$TOOLS/bin/tauri" --version
fi
