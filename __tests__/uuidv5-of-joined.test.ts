import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { App, Fn, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KEYLESS_UUID_NAMESPACE } from '../constructs/inference-role-definition';
import { uuidv5OfJoined } from '../constructs/uuidv5-of-joined';
import { newStack, RG_SCOPE, SUBSCRIPTION } from '../test-support/stacks';

/** What cdktf writes for both forms of the same parts, as outputs `fast` and `fn` of one stack. */
function bothForms(stack: TerraformStack, parts: string[], wrap: (s: string) => string = (s) => s): { fast: string; fn: string } {
  new TerraformOutput(stack, 'fast', { value: wrap(uuidv5OfJoined(KEYLESS_UUID_NAMESPACE, parts)) });
  new TerraformOutput(stack, 'fn', { value: wrap(Fn.uuidv5(KEYLESS_UUID_NAMESPACE, Fn.lower(Fn.join('|', parts)))) });
  const out = JSON.parse(Testing.synth(stack, true)).output;
  return { fast: out.fast.value, fn: out.fn.value };
}

function references(stack: TerraformStack) {
  const rg = new ResourceGroup(stack, 'rg', { name: 'rg-ai', location: 'swedencentral' });
  const rd = new RoleDefinition(stack, 'rd', { name: 'r', scope: RG_SCOPE, permissions: [{ dataActions: ['Microsoft.CognitiveServices/accounts/MaaS/*'] }] });
  const user = new DataAzureadUser(stack, 'user', { userPrincipalName: 'alice@contoso.com' });
  return { rg, rd, user };
}

describe('uuidv5OfJoined writes exactly what Fn.uuidv5(ns, Fn.lower(Fn.join("|", parts))) writes', () => {
  test('literal parts', () => {
    const { fast, fn } = bothForms(newStack(), [RG_SCOPE, `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908`, '11111111-1111-4111-8111-111111111111']);
    expect(fast).toBe(fn);
    expect(fast).toBe(`\${uuidv5("${KEYLESS_UUID_NAMESPACE}", lower(join("|", ["${RG_SCOPE}", "/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/a97b65f3-24c7-4388-baec-2e87135dc908", "11111111-1111-4111-8111-111111111111"])))}`);
  });

  test('references to resources and data sources', () => {
    const stack = newStack();
    const { rg, rd, user } = references(stack);
    const { fast, fn } = bothForms(stack, [rg.id, rd.roleDefinitionResourceId, user.objectId]);
    expect(fast).toBe(fn);
    expect(fast).toContain('[azurerm_resource_group.rg.id, azurerm_role_definition.rd.role_definition_resource_id, data.azuread_user.user.object_id]');
  });

  test('nested in another function', () => {
    const stack = newStack();
    const { rg, user } = references(stack);
    const { fast, fn } = bothForms(stack, [rg.id, 'x', user.objectId], (s) => Fn.upper(s));
    expect(fast).toBe(fn);
    expect(fast.startsWith('${upper(uuidv5(')).toBe(true);
  });

  test.each([
    ['text mixed with a reference', (s: TerraformStack) => `/subscriptions/${references(s).rg.name}/x`],
    ['a double quote', () => 'say \\"hi\\"'],
    ['a ${ sequence', () => 'a$${b}'],
    ['a number token', () => String(Fn.lengthOf(['x', 'y']))],
  ])('parts with %s take the Fn path', (_, part) => {
    const stack = newStack();
    const { fast, fn } = bothForms(stack, ['a', part(stack), 'b']);
    expect(fast).toBe(fn);
  });

  test('a reference to another stack becomes the same remote-state output', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'uuid-'));
    const app = new App({ outdir });
    const a = newStack('a', app);
    const { rg } = references(a);
    const b = newStack('b', app);
    new TerraformOutput(b, 'fast', { value: uuidv5OfJoined(KEYLESS_UUID_NAMESPACE, [rg.id, 'x']) });
    new TerraformOutput(b, 'fn', { value: Fn.uuidv5(KEYLESS_UUID_NAMESPACE, Fn.lower(Fn.join('|', [rg.id, 'x']))) });
    app.synth();
    const out = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'b', 'cdk.tf.json'), 'utf8')).output;
    expect(out.fast.value).toBe(out.fn.value);
    expect(out.fast.value).toContain('data.terraform_remote_state.');
  });
});
