#!/usr/bin/env node
// Builds the azuread bindings for CDK Terrain from a provider schema file: no prebuilt @cdktn/provider-azuread is published.
//   node generate-azuread.js <azuread-<version>.schema.json[.gz]> [output folder, default ../.gen/provider-azuread]
// The schema is what `terraform providers schema -json` prints in a folder where azuread is initialised. Nothing is
// downloaded: @cdktn/provider-generator writes TypeScript, the TypeScript compiler makes lib/**.js and .d.ts.
// The output has no node_modules of its own, so its `require('cdktn')` finds the consumer's one copy.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const ts = require('typescript');
const { generateProviderBindingsFromSchema } = require('@cdktn/provider-generator');

const PROVIDER = 'registry.terraform.io/hashicorp/azuread';

async function main() {
  const [schemaFile, outArg] = process.argv.slice(2);
  if (!schemaFile) throw new Error('usage: node generate-azuread.js <azuread-<version>.schema.json[.gz]> [output folder]');
  const version = /azuread-(\d+\.\d+\.\d+)/.exec(path.basename(schemaFile))?.[1];
  if (!version) throw new Error(`${schemaFile}: name the file azuread-<version>.schema.json[.gz] so the bindings pin that provider version`);
  const out = path.resolve(outArg ?? path.join(__dirname, '..', '.gen', 'provider-azuread'));

  const raw = fs.readFileSync(schemaFile);
  const schema = JSON.parse(schemaFile.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8'));
  if (!schema.provider_schemas?.[PROVIDER]) throw new Error(`${schemaFile}: no ${PROVIDER} in provider_schemas`);
  // Only azuread, with its version, so the synthesized required_providers pins it as prebuilt bindings do.
  const only = { format_version: schema.format_version, provider_schemas: { [PROVIDER]: schema.provider_schemas[PROVIDER] }, provider_versions: { [PROVIDER]: version } };

  const src = path.join(__dirname, '.gen', 'src');
  fs.rmSync(src, { recursive: true, force: true });
  await generateProviderBindingsFromSchema(src, only);
  const root = path.join(src, 'providers', 'azuread');

  fs.rmSync(out, { recursive: true, force: true });
  const program = ts.createProgram({
    rootNames: fs.readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f)),
    options: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, declaration: true, skipLibCheck: true, rootDir: root, outDir: path.join(out, 'lib'), types: ['node'] },
  });
  const emitted = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors.slice(0, 10), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));

  const cdktn = require('cdktn/package.json').version;
  fs.writeFileSync(
    path.join(out, 'package.json'),
    JSON.stringify(
      {
        name: '@cdktn/provider-azuread',
        version: `0.0.0-local.azuread-${version}`,
        description: `azuread ${version} bindings for CDK Terrain, generated locally from the provider schema by @cdktn/provider-generator`,
        license: 'MPL-2.0',
        main: 'lib/index.js',
        types: 'lib/index.d.ts',
        peerDependencies: { cdktn: cdktn, constructs: '^10.6.0' },
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`generate-azuread: azuread ${version} bindings for cdktn ${cdktn} in ${out}`);
}

main().catch((e) => {
  console.error(`generate-azuread: ${e.message}`);
  process.exit(1);
});
