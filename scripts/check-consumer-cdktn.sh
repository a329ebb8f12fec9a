#!/usr/bin/env bash
# CDK Terrain: packs this library (`npm pack`), generates the azuread bindings from the provider schema file (no prebuilt
# @cdktn/provider-azuread exists; nothing but npm packages is downloaded), installs a temporary copy of
# examples/consumer-cdktn with cdktn 0.24 and @cdktn/provider-azurerm 16.1.0, checks that `cdktf` and `cdktn` are one copy,
# then type-checks and synthesizes it. Needs the npm registry. The copy is removed on success, kept (path printed) on failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/keyless-consumer-cdktn-XXXXXX")"
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$work"; else echo "check-consumer-cdktn: failed; files kept in $work" >&2; fi' EXIT
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1

# The azuread schema: OFFLINE_SCHEMAS_DIR, schemas/ (npm run schemas), or ../shared/provider-schemas.
schema=""
for dir in "${OFFLINE_SCHEMAS_DIR:-}" "$root/schemas" "$root/../shared/provider-schemas"; do
  if [ -n "$dir" ] && compgen -G "$dir/azuread-*.schema.json*" >/dev/null; then schema="$(ls "$dir"/azuread-*.schema.json* | sort -V | tail -n 1)"; break; fi
done
if [ -z "$schema" ]; then echo "check-consumer-cdktn: no azuread-<version>.schema.json[.gz] (set OFFLINE_SCHEMAS_DIR or run npm run schemas)" >&2; exit 1; fi

cd "$root"
npm run --silent build:lib
tarball="$work/$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"

mkdir -p "$work/consumer/generate"
cp examples/consumer-cdktn/package.json examples/consumer-cdktn/tsconfig.json examples/consumer-cdktn/main.ts "$work/consumer/"
cp examples/consumer-cdktn/generate/package.json examples/consumer-cdktn/generate/generate-azuread.js "$work/consumer/generate/"

cd "$work/consumer/generate"
npm install --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error
node generate-azuread.js "$schema"

cd "$work/consumer"
npm pkg set "dependencies.keyless-ai-inference=file:$tarball"
npm install --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error

# One copy of each: `cdktf` is `cdktn`, the @cdktf provider names are the @cdktn packages, and the library brought none.
node -e '
const fs = require("fs");
const same = [["cdktf", "cdktn"], ["@cdktf/provider-azurerm", "@cdktn/provider-azurerm"], ["@cdktf/provider-azuread", "@cdktn/provider-azuread"]];
for (const [a, b] of same) {
  if (require.resolve(a) !== require.resolve(b)) throw new Error(`${a} and ${b} are two copies: ${require.resolve(a)} vs ${require.resolve(b)}`);
}
const want = require("./package.json").dependencies;
for (const [pkg, version] of [["cdktn", "0.24.0"], ["@cdktn/provider-azurerm", "16.1.0"], ["constructs", want.constructs]]) {
  const got = require(pkg + "/package.json").version;
  if (got !== version) throw new Error(`${pkg}: the consumer asked for ${version}, got ${got}`);
}
for (const pkg of ["constructs", "cdktf", "cdktn", "@cdktf/provider-azurerm", "@cdktf/provider-azuread"]) {
  if (fs.existsSync(`node_modules/keyless-ai-inference/node_modules/${pkg}`)) throw new Error(`keyless-ai-inference brought its own ${pkg}`);
}'

npx tsc
node dist/main.js

node -e '
const { got, providers } = require(process.argv[1]).checkChatAppStack();
if (providers.azurerm.version !== "4.73.0" || providers.azuread.version !== process.argv[3]) throw new Error(`provider pins: ${JSON.stringify(providers)}`);
console.log(`check-consumer-cdktn: examples/consumer-cdktn installed ${require("path").basename(process.argv[2])} with cdktn ${require("cdktn/package.json").version}, type-checked and synthesized (${JSON.stringify(got)}; azurerm ${providers.azurerm.version}, azuread ${providers.azuread.version})`);
' "$root/scripts/check-chat-app-stack.js" "$tarball" "$(basename "$schema" | sed -E 's/^azuread-([0-9.]+)\.schema.*/\1/')"

# The guardrails run under the consumer's App (one copy of the core): a stack with keys on fails the synth.
node -e '
const { App, TerraformStack } = require("cdktn");
const { AzurermProvider } = require("@cdktn/provider-azurerm/lib/provider");
const { CognitiveAccount } = require("@cdktn/provider-azurerm/lib/cognitive-account");
const { KeylessGuardrails } = require("keyless-ai-inference");
const app = new App({ outdir: "guardrail-probe.out" });
const stack = new TerraformStack(app, "probe");
new AzurermProvider(stack, "azurerm", { features: [{}] });
new CognitiveAccount(stack, "keys", { name: "probe", location: "swedencentral", resourceGroupName: "rg", kind: "AIServices", skuName: "S0", localAuthEnabled: true });
KeylessGuardrails.applyTo(stack);
try { app.synth(); } catch (e) { if (/local_auth_enabled|KAI-/.test(String(e.message))) { console.log("check-consumer-cdktn: the guardrails ran under cdktn"); process.exit(0); } throw e; }
throw new Error("the guardrails did not run under cdktn: keys on passed the synth");'
