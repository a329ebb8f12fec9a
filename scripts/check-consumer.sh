#!/usr/bin/env bash
# Packs this library (`npm pack`), installs the tarball into a temporary copy of examples/<example> (default: consumer)
# together with that project's own cdktf, constructs (another minor than ours) and providers from the npm registry, then
# type-checks and runs it (examples/consumer synthesizes its stack; examples/embedding runs every check through the public
# API). Needs the npm registry. The copy is removed on success and kept (path printed) on failure.
# Usage: bash scripts/check-consumer.sh [consumer|embedding]
set -euo pipefail
example="${1:-consumer}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/keyless-consumer-XXXXXX")"
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$work"; else echo "check-consumer: failed; files kept in $work" >&2; fi' EXIT

cd "$root"
npm run --silent build:lib
tarball="$work/$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"

mkdir "$work/consumer"
cp "examples/$example/package.json" "examples/$example/tsconfig.json" "examples/$example/cdktf.json" "examples/$example/main.ts" "$work/consumer/"
cd "$work/consumer"
npm pkg set "dependencies.keyless-ai-inference=file:$tarball"
npm install --no-audit --no-fund --prefer-offline --loglevel=error

# One copy of cdktf and constructs (the consumer's): a second one is what breaks `tsc` ("separate declarations of a private property").
node -e '
const fs = require("fs");
const want = require("./package.json").dependencies;
for (const pkg of ["constructs", "cdktf", "@cdktf/provider-azurerm", "@cdktf/provider-azuread"]) {
  const got = require(pkg + "/package.json").version;
  if (got !== want[pkg]) throw new Error(`${pkg}: the consumer asked for ${want[pkg]}, got ${got}`);
  if (fs.existsSync(`node_modules/keyless-ai-inference/node_modules/${pkg}`)) throw new Error(`keyless-ai-inference brought its own ${pkg}`);
}'

npx tsc                # type-checks (with the library'"'"'s .d.ts, skipLibCheck off) and compiles to dist/
node dist/main.js      # what `cdktf synth` runs (cdktf.json: app)

if [ "$example" != consumer ]; then
  echo "check-consumer: examples/$example installed $(basename "$tarball"), type-checked and ran"
  exit 0
fi

node -e '
const { got } = require(process.argv[1]).checkChatAppStack();
console.log(`check-consumer: examples/consumer installed ${require("path").basename(process.argv[2])}, type-checked and synthesized (${JSON.stringify(got)})`);
' "$root/scripts/check-chat-app-stack.js" "$tarball"
