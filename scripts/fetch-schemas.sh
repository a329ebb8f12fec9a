#!/usr/bin/env bash
# `npm run schemas`: writes schemas/<provider>-<version>.schema.json.gz (git-ignored) with the real
# providers, for the offline plan (tools/offline/README.md). Needs Terraform and access to the Terraform
# registry. The versions are the ones the prebuilt cdktf bindings in node_modules were generated for,
# which is what the synthesized stacks pin in required_providers.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/schemas}"
command -v terraform >/dev/null || { echo "npm run schemas: terraform is not on PATH (install Terraform 1.11: https://developer.hashicorp.com/terraform/install)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

for pkg in provider-azurerm provider-azuread; do
  read -r address version < <(node -e '
    const p = require(process.argv[1]).cdktf.provider;
    console.log(p.name, p.version);' "$root/node_modules/@cdktf/$pkg/package.json")
  name="${address##*/}"
  namespace="$(echo "$address" | cut -d/ -f2)"
  dir="$work/$name"
  mkdir -p "$dir"
  cat > "$dir/main.tf.json" <<JSON
{ "terraform": { "required_providers": { "$name": { "source": "$namespace/$name", "version": "$version" } } } }
JSON
  echo "Fetching $address $version ..."
  (cd "$dir" && CHECKPOINT_DISABLE=1 terraform init -input=false -backend=false >/dev/null)
  (cd "$dir" && CHECKPOINT_DISABLE=1 terraform providers schema -json) | gzip -9 > "$out/$name-$version.schema.json.gz"
  echo "  wrote $out/$name-$version.schema.json.gz"
done
echo "The offline tools read $out before ../shared/provider-schemas (or set OFFLINE_SCHEMAS_DIR)."
