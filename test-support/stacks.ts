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

/** Synthesizes with validations on and returns the Terraform JSON string (for cdktf matchers and byte comparisons). */
export function synthString(stack: TerraformStack): string {
  return Testing.synth(stack, true);
}

export const LOCATION = 'swedencentral';
/** The ARM ID of an account in `RG_SCOPE`. */
export const accountArmId = (name: string, rgScope = RG_SCOPE): string =>
  `${rgScope}/providers/Microsoft.CognitiveServices/accounts/${name}`;

/** Runs `fn`, expects it to throw, and returns the message, so a test can check every part of it. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error, but none was thrown');
}

/**
 * Expects `fn` to throw a message starting with the construct path and naming the construct path, the rejected value and the allowed form.
 * `value` is matched as it appears in the message (JSON-quoted for strings).
 */
export function expectRejected(fn: () => unknown, parts: { path: string; value: string; allowed: string }): void {
  const message = errorOf(fn);
  // Messages start with the construct path; a path ending in "/" matches any child of it.
  expect(message.startsWith(parts.path.endsWith('/') ? parts.path : `${parts.path}: `)).toBe(true);
  expect(message).toContain(parts.value);
  expect(message).toContain(parts.allowed);
}
