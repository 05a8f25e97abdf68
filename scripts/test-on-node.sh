#!/usr/bin/env bash
# Typecheck and test suite under another Node.js major, e.g. `scripts/test-on-node.sh 26`.
#
# The Node binary comes from the npm registry (node-linux-<arch>, which ships the headers too, so
# native addons build without a download from nodejs.org). The checkout is copied (tracked and
# untracked files, not ignored ones) to a work folder with node_modules of its own, so this
# checkout's node_modules, built for the Node on PATH, stay untouched. Both are kept under
# KANSHI_NODE_CACHE (default /tmp/kanshi-node) and reused while the lock file is unchanged.
# The environment passes through (CI, KANSHI_TEST_DATABASE_URL, KANSHI_FIXTURES…).
set -euo pipefail

major=${1:-}
if [[ ! $major =~ ^[0-9]+$ ]]; then
  echo "usage: $0 <node-major>" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${KANSHI_NODE_CACHE:-/tmp/kanshi-node}

case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "no node-linux package for $(uname -m)" >&2; exit 2 ;;
esac
pkg=node-linux-$arch

# The newest release of that major; `npm view` answers a string for one match, a list for several.
version=$(npm view "$pkg@$major" version --json |
  node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log([v].flat().join("\n"))' |
  sort -V | tail -n 1)
if [[ -z $version ]]; then
  echo "no $pkg release for Node $major in the registry" >&2
  exit 1
fi

nodedir=$cache/$pkg-$version
if [[ ! -x $nodedir/bin/node ]]; then
  echo "fetching $pkg@$version"
  mkdir -p "$cache"
  download=$(mktemp -d "$cache/download.XXXXXX")
  npm pack "$pkg@$version" --pack-destination "$download" --silent >/dev/null
  tar -xzf "$download/$pkg-$version.tgz" -C "$download"
  rm -rf "$nodedir"
  mv "$download/package" "$nodedir"
  rm -rf "$download"
fi

# One work copy per checkout and major, so parallel checkouts do not share one.
work=$cache/work-node$major-$(printf %s "$repo" | sha256sum | cut -c1-12)
mkdir -p "$work"
find "$work" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$repo" && rsync -a --from0 --ignore-missing-args --files-from=- ./ "$work/")

export PATH=$nodedir/bin:$PATH
# The fixtures stay where they are: the copy has no ../shared beside it.
export KANSHI_FIXTURES=${KANSHI_FIXTURES:-$(cd "$repo/.." && pwd)/shared/fixtures}
cd "$work"
echo "node $(node --version) in $work"

stamp=node_modules/.kanshi-installed
want="$version $(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  npm_config_nodedir=$nodedir npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi

npm run typecheck
npm test
