import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { App } from 'cdktf';
import { parseArgs, run } from '../cli';
import { listStacks } from '../synth-output';
import { newStack, RG_SCOPE } from '../../../test-support/stacks';

const OBJECT_ID = '99999999-9999-4999-8999-999999999999';

describe('npm run access-report', () => {
  let dir: string;
  let out: string;
  let input: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-report-cli-'));
    input = path.join(dir, 'cdktf.out');
    out = path.join(dir, 'reports');
    const app = new App({ outdir: input });
    for (const name of ['dev', 'test']) {
      const stack = newStack(name, app);
      const user = new DataAzureadUser(stack, 'alice', { userPrincipalName: 'alice@contoso.com' });
      new RoleAssignment(stack, 'grant', { scope: RG_SCOPE, roleDefinitionName: 'Cognitive Services User', principalId: user.objectId, principalType: 'User' });
    }
    app.synth();
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({
      prior_state: { values: { root_module: { resources: [{ address: 'data.azuread_user.alice', values: { object_id: OBJECT_ID } }] } } },
    }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads the cdktf.out layout: manifest, stacks/<name>/cdk.tf.json', () => {
    expect(listStacks(input)).toEqual([
      { name: 'dev', file: path.join(input, 'stacks', 'dev', 'cdk.tf.json') },
      { name: 'test', file: path.join(input, 'stacks', 'test', 'cdk.tf.json') },
    ]);
    expect(listStacks(path.join(input, 'stacks', 'dev', 'cdk.tf.json'))).toEqual([{ name: 'dev', file: path.join(input, 'stacks', 'dev', 'cdk.tf.json') }]);
  });

  test('writes <stack>.md and <stack>.json per stack; the plan fills in the looked-up object ID', () => {
    const lines = run(['--input', input, '--out', out, '--plan', `dev=${path.join(dir, 'plan.json')}`]);
    expect(lines).toHaveLength(2);
    // The plan (no resource_changes) is also compared: nobody gains or loses access along it.
    expect(lines[0]).toMatch(/^dev: 0 account\(s\), 1 assignment\(s\), findings: 0 high, 0 medium, 0 low, 0 info, access gained 0, lost 0 -> /);
    expect(fs.readdirSync(out).sort()).toEqual(['dev.json', 'dev.md', 'test.json', 'test.md']);
    const dev = JSON.parse(fs.readFileSync(path.join(out, 'dev.json'), 'utf8'));
    const test = JSON.parse(fs.readFileSync(path.join(out, 'test.json'), 'utf8'));
    expect(dev.principals[0]).toMatchObject({ key: `oid:${OBJECT_ID}`, identifiedBy: 'user by UPN alice@contoso.com', objectId: OBJECT_ID });
    expect(test.principals[0]).toMatchObject({ key: 'lookup:azuread_user:user_principal_name=alice@contoso.com' });
    expect(test.principals[0].objectId).toBeUndefined();
  });

  test('a second run writes the same bytes (reports diff cleanly)', () => {
    const first = fs.readFileSync(path.join(out, 'dev.md'), 'utf8');
    run(['--input', input, '--out', out, '--stack', 'dev', '--plan', path.join(dir, 'plan.json')]);
    expect(fs.readFileSync(path.join(out, 'dev.md'), 'utf8')).toBe(first);
  });

  test('bad arguments get errors that say what to do', () => {
    expect(() => run(['--input', input, '--out', out, '--stack', 'nope'])).toThrow(/--stack nope: no such stack .*; stacks: dev, test/);
    expect(() => run(['--input', input, '--out', out, '--plan', 'p.json'])).toThrow(/several stacks are selected; write --plan <stack>=p\.json/);
    expect(() => run(['--input', input, '--out', out, '--stack', 'dev', '--plan', 'test=p.json'])).toThrow(/no stack "test" selected/);
    expect(() => run(['--input', path.join(dir, 'missing'), '--out', out])).toThrow(/not found; synthesize first/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option "--bogus"/);
    expect(() => parseArgs(['--out'])).toThrow(/--out: missing value/);
    expect(parseArgs(['--out=x', '--plan=dev=p.json'])).toMatchObject({ out: 'x', plans: [{ stack: 'dev', file: 'p.json' }] });
  });
});
