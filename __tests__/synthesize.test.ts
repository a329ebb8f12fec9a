import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { App } from 'cdktf';
import { buildStacks, formatSummary, synthesize } from '../app/synthesize';
import { loadConfiguration } from '../app/load-config';
import { EnvironmentStack } from '../app/environment-stack';
import { Principal } from '../constructs';
import { configDir, devWith, EXAMPLE_CONFIG_DIR } from '../test-support/config-fixtures';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-out-'));
const stackJson = (outdir: string, stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));

describe('synthesize (the app on the example configuration)', () => {
  const outdir = path.join(tmp(), 'cdktf.out');
  const { summaries } = synthesize({ configDir: EXAMPLE_CONFIG_DIR, outdir });

  test('writes every stack: bootstrap plus one per environment', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['bootstrap', 'dev', 'prod', 'prod-private']);
    expect(summaries.map((s) => s.name)).toEqual(['bootstrap', 'dev', 'prod-private', 'prod']);
  });

  test.each(['bootstrap', 'dev', 'prod', 'prod-private'])('stack %s matches its snapshot', (stack) => {
    const json = stackJson(outdir, stack);
    delete json['//']; // cdktf version metadata, not ours
    expect(json).toMatchSnapshot();
  });

  test('the summary says what was made', () => {
    const text = formatSummary(summaries, 'cdktf.out');
    expect(text).toContain('Synthesized 4 stacks into cdktf.out:');
    expect(text).toContain('dev: 22 resources (azurerm_cognitive_account 1, azurerm_cognitive_account_project 1, azurerm_cognitive_account_rai_policy 1, azurerm_cognitive_deployment 2, azurerm_log_analytics_workspace 1, azurerm_monitor_diagnostic_setting 1, azurerm_pim_active_role_assignment 1, azurerm_resource_group 1, azurerm_resource_group_policy_assignment 3, azurerm_role_assignment 9, azurerm_role_definition 1)');
    expect(text).toContain('grants: AI Model Inference User (dev) 4, AI Model Inference User (dev) (time-limited) 1, Cognitive Services Contributor 2, Foundry User 2, Role Based Access Control Administrator 1');
    expect(text).toContain('grants: AI Model Inference User (prod) 2, Cognitive Services Contributor (eligible) 1');
  });

  test('a second synth of the same configuration is byte-identical', () => {
    const again = path.join(tmp(), 'cdktf.out');
    synthesize({ configDir: EXAMPLE_CONFIG_DIR, outdir: again });
    for (const stack of ['bootstrap', 'dev', 'prod', 'prod-private']) {
      expect(fs.readFileSync(path.join(again, 'stacks', stack, 'cdk.tf.json'), 'utf8'))
        .toBe(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    }
  });
});

describe('failed synths leave the previous output alone', () => {
  // The example's output, synthesized once; each test gets its own copy as the output a synth must leave alone.
  let example: string | undefined;
  function goodOutput(): { outdir: string; before: string } {
    if (!example) {
      example = path.join(tmp(), 'cdktf.out');
      synthesize({ configDir: EXAMPLE_CONFIG_DIR, outdir: example });
    }
    const outdir = path.join(tmp(), 'cdktf.out');
    fs.cpSync(example, outdir, { recursive: true });
    return { outdir, before: fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8') };
  }

  test('an invalid configuration writes nothing', () => {
    const { outdir, before } = goodOutput();
    const bad = configDir({ 'dev.json': devWith((e) => { e.account.name = 'x'; }) });
    expect(() => synthesize({ configDir: bad, outdir })).toThrow(/dev\.json: \$\.account\.name: got "x"/);
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('a construct error in a later stack leaves no partial output', () => {
    const { outdir, before } = goodOutput();
    // The second environment's stack fails in a construct (a grant made twice) after the first was built.
    const bad = configDir({
      'a.json': devWith((e) => { e.state.key = 'a.tfstate'; e.customRole.name = 'Role A'; }),
      'b.json': devWith((e) => { e.account.name = 'contoso-ai-dev-b'; }), // its own account: one subdomain for two accounts is refused too
    });
    expect(() => synthesize({
      configDir: bad, outdir,
      extend: (stacks) => {
        const b = stacks[stacks.length - 1] as EnvironmentStack;
        b.access.account.grantInference(Principal.userByUpn('alice@contoso.com'));
      },
    })).toThrow(/already granted on this account/);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'a'))).toBe(false);
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('guardrail errors stop the swap even when cdktf is told to continue on error annotations (as `cdktf synth` does)', () => {
    const { outdir, before } = goodOutput();
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      expect(() => synthesize({
        configDir: EXAMPLE_CONFIG_DIR, outdir,
        extend: ([, dev]) => new CognitiveAccount(dev, 'RawAccount', {
          name: 'raw-keys-on', kind: 'AIServices', skuName: 'S0', location: 'swedencentral',
          resourceGroupName: 'rg', customSubdomainName: 'raw-keys-on', localAuthEnabled: true,
        }),
      })).toThrow(/1 error annotation:\n.*dev\/RawAccount.*KAI-AI-001/);
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('Terraform working files beside a stack survive a new synth', () => {
    const { outdir } = goodOutput();
    fs.writeFileSync(path.join(outdir, 'stacks', 'bootstrap', 'terraform.bootstrap.tfstate'), '{"version":4}');
    synthesize({ configDir: EXAMPLE_CONFIG_DIR, outdir });
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'bootstrap', 'terraform.bootstrap.tfstate'), 'utf8')).toBe('{"version":4}');
  });
});

describe('guardrails on the app stacks', () => {
  test('the example configuration synthesizes with no guardrail errors', () => {
    const app = new App({ outdir: tmp() });
    buildStacks(app, loadConfiguration(EXAMPLE_CONFIG_DIR));
    expect(() => app.synth()).not.toThrow();
  });

  test('a raw key-enabled account added to an environment stack fails synth with the rule ID', () => {
    const app = new App({ outdir: tmp() });
    const [, dev] = buildStacks(app, loadConfiguration(EXAMPLE_CONFIG_DIR));
    new CognitiveAccount(dev, 'RawAccount', {
      name: 'raw-keys-on', kind: 'AIServices', skuName: 'S0', location: 'swedencentral',
      resourceGroupName: 'rg-ai-inference-dev', customSubdomainName: 'raw-keys-on', localAuthEnabled: true,
    });
    expect(() => app.synth()).toThrow(/KAI-AI-001/);
  });
});

describe('a library warning about an account setting, located in the configuration', () => {
  test('IP rules with public network access off: the warning names the file and $.account.networkAcls.ipRules; strict fails', () => {
    const dir = configDir({ 'dev.json': devWith((e) => { e.account.publicNetworkAccess = false; }) });
    const report = synthesize({ configDir: dir, outdir: path.join(tmp(), 'cdktf.out') });
    expect(report.warnings.filter((w) => w.message.includes('IP ranges have no effect'))).toEqual([expect.objectContaining({
      stack: 'dev',
      message: expect.stringMatching(/environments\/dev\.json: \$\.account\.networkAcls\.ipRules: dev\/Inference\/Account: networkAcls\.ipRules \["203\.0\.113\.0\/24"\]: public network access is off \(publicNetworkAccess: false\), so IP ranges have no effect: remove the IP rules, or turn public access on$/),
    })]);
    expect(() => synthesize({ configDir: dir, outdir: path.join(tmp(), 'cdktf.out'), strict: true })).toThrow(/strict mode/);
  });
});
