import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { AiServicesAccount } from '../constructs/ai-services-account';
import { Principal } from '../constructs/principal';
import { accountArmId, errorOf, LOCATION, OIDS, resourcesOf, SUBSCRIPTION } from '../test-support/stacks';

const OTHER = '00000000-0000-4000-8000-000000000009';
/** A stack whose azurerm providers are the given ones. */
const stackWith = (...aliases: Array<string | undefined>) => {
  const stack = new TerraformStack(Testing.app(), 'team');
  aliases.forEach((alias, i) => new AzurermProvider(stack, `azurerm${i}`, { features: [{}], subscriptionId: i === 0 ? SUBSCRIPTION : OTHER, alias }));
  new AzureadProvider(stack, 'azuread', {});
  return stack;
};
/** The message of a synth with validations on. */
const synthError = (stack: TerraformStack) => errorOf(() => Testing.synth(stack, true));

describe('the default azurerm provider the constructs use', () => {
  test('only aliased azurerm providers: refused at synth, naming the aliases, the resources and the fix (Terraform would configure the default one empty)', () => {
    const stack = stackWith('prod', 'hub');
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION }).grantInference(Principal.group(OIDS.devs));
    const m = synthError(stack);
    expect(m).toContain('the azurerm providers of stack team all have an alias (prod, hub), but team/Ai/Resource');
    expect(m).toContain('without the required features block, so every plan fails');
    expect(m).toContain('Add an azurerm provider without alias for them');
  });

  test('an imported account\'s grants and existence check count too', () => {
    const stack = stackWith('prod');
    AiServicesAccount.fromAccountId(stack, 'Shared', accountArmId('ai-shared')).grantInference(Principal.group(OIDS.devs));
    expect(synthError(stack)).toContain('team/Shared/Exists');
  });

  test('a default provider beside aliased ones passes', () => {
    const stack = stackWith(undefined, 'hub');
    new AiServicesAccount(stack, 'Ai', { accountName: 'ai-team', resourceGroupName: 'rg-ai', location: LOCATION }).grantInference(Principal.group(OIDS.devs));
    expect(Object.keys(resourcesOf(JSON.parse(Testing.synth(stack, true)), 'azurerm_role_assignment'))).toHaveLength(1);
  });
});
