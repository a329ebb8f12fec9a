import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const TENANT = '00000000-0000-0000-0000-0000000000aa';
export const RG_SCOPE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai`;
export const OIDS = {
  alice: '11111111-1111-4111-8111-111111111111',
  devs: '22222222-2222-4222-8222-222222222222',
  app: '33333333-3333-4333-8333-333333333333',
  mi: '44444444-4444-4444-8444-444444444444',
};

/** A stack with both providers configured, so validations pass. */
export function newStack(name = 'test', app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, name);
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: SUBSCRIPTION });
  new AzureadProvider(stack, 'azuread', { tenantId: TENANT });
  return stack;
}

/** Synthesizes with validations on and returns the parsed Terraform JSON. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** The resources (or data sources) of one type in a synthesized stack, by logical ID. */
export function resourcesOf(json: any, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, any> {
  return json[kind]?.[type] ?? {};
}
