import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../app/synthesize';
import { defaultSchemasDir, OfflineProviders, pinsFor, typesFor } from '@keyless-ai-inference/offline';
import { configDir, configErrorOf, devWith, readExample } from '../test-support/config-fixtures';
import { describeOffline, initWorkspace, tempDir } from '../tools/offline/test-support/harness';

jest.setTimeout(60_000);

const CLOUD = { organization: 'contoso', workspace: 'keyless-ai-dev', project: 'AI Platform', hostname: 'tfe.contoso.com' };
const cloudDev = (cloud: Record<string, unknown> = CLOUD) =>
  devWith((e) => {
    e.state = { cloud };
  });

/** Every key and string in a JSON document, for credential checks. */
function walk(v: unknown, out: { keys: string[]; strings: string[] } = { keys: [], strings: [] }): { keys: string[]; strings: string[] } {
  if (typeof v === 'string') out.strings.push(v);
  else if (Array.isArray(v)) v.forEach((x) => walk(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.keys.push(k);
      walk(x, out);
    }
  return out;
}

describe('state in HCP Terraform / Terraform Enterprise (a cloud backend)', () => {
  const root = tempDir('cloud-state-');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a cloud-backend environment synthesizes: a cloud block with organization, host and its workspace and project; no azurerm backend', () => {
    const outdir = path.join(root, 'out');
    synthesize({ configDir: configDir({ 'dev.json': cloudDev(), 'prod.json': readExample('environments/prod.json') }), outdir });
    const dev = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(dev.terraform.cloud).toEqual({
      organization: 'contoso',
      hostname: 'tfe.contoso.com',
      workspaces: { name: 'keyless-ai-dev', project: 'AI Platform' },
    });
    expect(dev.terraform.backend).toBeUndefined();
    // Another environment keeps its azurerm backend.
    const prod = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
    expect(prod.terraform.backend.azurerm.use_azuread_auth).toBe(true);
  });

  test('its JSON carries no credential: no token, secret, key or password setting anywhere, and the providers sign in without one', () => {
    const outdir = path.join(root, 'out-only-cloud');
    synthesize({ configDir: configDir({ 'dev.json': cloudDev({ organization: 'contoso', workspace: 'keyless-ai-dev' }) }), outdir });
    const dev = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(dev.terraform.cloud).toEqual({ organization: 'contoso', workspaces: { name: 'keyless-ai-dev' } });
    const { keys, strings } = walk({ terraform: dev.terraform, provider: dev.provider });
    expect(keys.filter((k) => /token|secret|password|access_key|sas|certificate|client_id|use_cli|use_msi/i.test(k))).toEqual([]);
    expect(strings.filter((s) => /^(eyJ|ghp_|[A-Za-z0-9+/]{40,}={0,2}$)/.test(s))).toEqual([]);
  });

  test.each([
    [
      'token',
      'abc.atlasv1.xyz',
      'token is a credential and is never written into configuration: sign in with `terraform login <hostname>`',
    ],
    ['clientSecret', 's3cret', 'clientSecret is key-based and is rejected'],
  ])('a %s in the cloud settings is refused, with the fix, and its value is not echoed', (key, value, message) => {
    const text = configErrorOf(configDir({ 'dev.json': cloudDev({ ...CLOUD, [key]: value }) }));
    expect(text).toContain(`environments/dev.json: $.state.cloud.${key}: got a value (not shown: a credential): ${message}`);
    expect(text).not.toContain(value);
  });

  test('a cloud block next to the azurerm backend\'s fields: the cloud shape is the one checked, and the message says so consistently', () => {
    const text = configErrorOf(configDir({ 'dev.json': devWith((e) => { e.state = { cloud: CLOUD, storageAccountName: 'stkeylesstfstate01', containerName: 'tfstate' }; }) }));
    expect(text).toContain('$.state: unknown key "storageAccountName"');
    // The keys allowed are the cloud shape's (the parse's branch), not the azurerm backend's that hold the key itself.
    expect(text).not.toMatch(/allowed here: [^\n]*"storageAccountName"/);
    expect(text).toMatch(/allowed here: [^\n]*"cloud"/);
  });

  test('errors name the cloud field: a misspelled key, a bad workspace name, a URL for a host name', () => {
    expect(configErrorOf(configDir({ 'dev.json': cloudDev({ ...CLOUD, workspaces: 'x' }) }))).toContain(
      '$.state.cloud: unknown key "workspaces"',
    );
    expect(configErrorOf(configDir({ 'dev.json': cloudDev({ ...CLOUD, workspace: 'keyless dev' }) }))).toContain(
      '$.state.cloud.workspace: got "keyless dev": expected a workspace name',
    );
    expect(configErrorOf(configDir({ 'dev.json': cloudDev({ ...CLOUD, hostname: 'https://tfe.contoso.com' }) }))).toContain(
      '$.state.cloud.hostname: got "https://tfe.contoso.com": expected a host name',
    );
  });

  test('two environments in one workspace are refused (workspace names compared case-insensitively)', () => {
    const prod = { ...readExample('environments/prod.json'), state: { cloud: { ...CLOUD, workspace: 'KEYLESS-AI-DEV' } } };
    expect(configErrorOf(configDir({ 'dev.json': cloudDev(), 'prod.json': prod }))).toContain(
      'environments/prod.json: $.state.cloud.workspace: "KEYLESS-AI-DEV" is also the workspace of',
    );
  });
});

describeOffline('a cloud-backend environment as HCL', () => {
  test('terraform validates the HCL with its cloud block', async () => {
    const root = tempDir('cloud-hcl-');
    const providers = await (async () => {
      const dir = configDir({ 'dev.json': cloudDev() });
      synthesize({ configDir: dir, outdir: path.join(root, 'json') });
      synthesize({ configDir: dir, outdir: path.join(root, 'hcl'), hcl: true });
      const dirs = [path.join(root, 'json', 'stacks', 'dev')];
      return OfflineProviders.start({ pins: pinsFor(dirs, defaultSchemasDir()), types: typesFor(dirs) });
    })();
    try {
      const hcl = fs.readFileSync(path.join(root, 'hcl', 'stacks', 'dev', 'cdk.tf'), 'utf8');
      expect(hcl).toMatch(
        /cloud \{\n\s+hostname = "tfe.contoso.com"\n\s+organization = "contoso"\n\s+workspaces \{\n\s+name = "keyless-ai-dev"\n\s+project = "AI Platform"\n\s+\}/,
      );
      const ws = await initWorkspace(providers, path.join(root, 'hcl', 'stacks', 'dev'), root);
      const res = await ws.validate();
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    } finally {
      await providers.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
