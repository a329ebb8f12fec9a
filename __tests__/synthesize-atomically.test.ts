import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Annotations, TerraformStack, Testing } from 'cdktf';
import { AiServicesAccount, BuiltInRole, Principal, synthesizeAtomically } from '../constructs';
import { abacConditionProblem } from '../constructs/abac-condition';
import { editDistance, isKnownRegion, suggestRegion } from '../constructs/azure/regions';

const out = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyless-atomic-')), 'cdktf.out');

describe('synthesizeAtomically (embedders)', () => {
  test('writes every stack when all succeed, and returns the warnings', () => {
    const outdir = out();
    const r = synthesizeAtomically(outdir, (app) => {
      new TerraformStack(app, 'one');
      Annotations.of(new TerraformStack(app, 'two')).addWarning('look at me');
    });
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['one', 'two']);
    expect(r.warnings).toEqual([{ stack: 'two', path: 'two', message: 'look at me' }]);
  });

  test('a later stack failing leaves the previous output byte-identical (cdktf alone writes the earlier stacks)', () => {
    const outdir = out();
    synthesizeAtomically(outdir, (app) => { new TerraformStack(app, 'one'); });
    const before = fs.readFileSync(path.join(outdir, 'stacks', 'one', 'cdk.tf.json'), 'utf8');
    expect(() => synthesizeAtomically(outdir, (app) => {
      new AzurermProvider(new TerraformStack(app, 'one'), 'azurerm', { features: [{}] });
      Annotations.of(new TerraformStack(app, 'two')).addError('broken');
    })).toThrow(/broken/);
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'one', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('beforeSwap sees the synthesized output before it is swapped in; throwing there leaves the previous output untouched', () => {
    const outdir = out();
    synthesizeAtomically(outdir, (app) => { new TerraformStack(app, 'one'); });
    const before = fs.readFileSync(path.join(outdir, 'stacks', 'one', 'cdk.tf.json'), 'utf8');
    let seen: string[] = [];
    expect(() => synthesizeAtomically(outdir, (app) => { new TerraformStack(app, 'one'); new TerraformStack(app, 'two'); }, {
      beforeSwap: (stacks, dir) => {
        seen = stacks.map((st) => st.node.id);
        expect(fs.existsSync(path.join(dir, 'stacks', 'two', 'cdk.tf.json'))).toBe(true);
        throw new Error('conversion failed');
      },
    })).toThrow('conversion failed');
    expect(seen).toEqual(['one', 'two']);
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual(['one']);
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'one', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  test('strict turns warnings into a failure', () => {
    expect(() => synthesizeAtomically(out(), (app) => { Annotations.of(new TerraformStack(app, 's')).addWarning('w'); }, { strict: true }))
      .toThrow(/strict mode: 1 warning count as errors:\n {2}\[s\] w/);
  });
});

describe('Azure facts checked at synth', () => {
  test('regions: listed names, did-you-mean by edit distance, nothing for far-off names', () => {
    expect(isKnownRegion('swedencentral')).toBe(true);
    expect(suggestRegion('swedencentrl')).toBe('swedencentral');
    expect(suggestRegion('West Europe')).toBe('westeurope');
    expect(suggestRegion('mars')).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  test.each([
    ["((@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'))", undefined],
    ["(@Environment[isPrivateLink] BoolEquals true)", undefined],
    ["((@Resource[a/b:c] StringEquals 'x')", '"(" at character 1 is never closed'],
    ["(@Resorce[a/b:c] StringEquals 'x')", 'unknown attribute source @Resorce'],
    ["(@Resource[name] StringEquals 'x')", 'is not of the form Provider.Namespace/type:attribute'],
    ["(@Resource[a/b:c] StringEquals 'x)", 'unterminated string'],
    ["(ActionMatches{Microsoft.Storage/x})", 'ActionMatches takes one quoted action'],
  ])('ABAC condition %s', (condition, problem) => {
    const found = abacConditionProblem(condition);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test('a grant with a malformed condition fails synth naming the construct', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const acct = AiServicesAccount.fromAccountId(stack, 'A', '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct-a');
    // A role that takes conditions (Storage blob data); on an inference role any condition is refused (role-grant.test.ts).
    expect(() => acct.grant(Principal.user('11111111-2222-3333-4444-555555555556'), BuiltInRole.STORAGE_BLOB_DATA_OWNER, { condition: "(@Resource[a/b:c] StringEquals 'x'" }))
      .toThrow(/invalid condition .*not a valid ABAC condition: "\(" at character 1 is never closed/);
  });

  test('deployment names compare case-insensitively on one account', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new AiServicesAccount(stack, 'A', {
      accountName: 'acct-a', resourceGroupName: 'rg', location: 'swedencentral',
      deployments: [{ name: 'gpt-4o', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20' }, { name: 'GPT-4o', format: 'OpenAI', modelName: 'gpt-4o', modelVersion: '2024-11-20' }],
    })).toThrow(/deployments\[1\]\.name "GPT-4o": a deployment with this name \(compared case-insensitively/);
  });
});
