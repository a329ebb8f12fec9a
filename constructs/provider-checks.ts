import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Token } from 'cdktf';

const watched = new WeakSet<TerraformStack>();

/**
 * The literal subscription of `stack`'s default azurerm provider (the one resources without `provider` use), or undefined
 * when there is none, several, or it is a token. Providers are stack-wide wherever they are made in the stack.
 */
export function defaultProviderSubscription(stack: TerraformStack): string | undefined {
  const defaults = stack.node.findAll().filter((c): c is TerraformProvider => TerraformProvider.isTerraformProvider(c)
    && c.terraformResourceType === 'azurerm' && c.alias === undefined);
  const sub = defaults.length === 1 ? (defaults[0] as TerraformProvider & { subscriptionId?: unknown }).subscriptionId : undefined;
  return typeof sub === 'string' && !Token.isUnresolved(sub) ? sub : undefined;
}

/** Provider types whose implicit empty configuration fails every plan, with the reason. */
const REQUIRED_CONFIGURATION: Record<string, string> = {
  // azurerm 4.55 provider schema: block `features`, min_items 1 (an implicit provider has none: "Insufficient features blocks").
  azurerm: 'without the required features block, so every plan fails',
};

/**
 * Checks, when `stack` is synthesized, that the resources and data sources this library makes there (which take no
 * provider) have a provider configuration: with only aliased providers of a type, Terraform gives them an implicit empty
 * one. Idempotent per stack; the constructs call it.
 */
export function guardDefaultProviders(stack: TerraformStack): void {
  if (watched.has(stack)) return;
  watched.add(stack);
  stack.node.addValidation({ validate: () => missingDefaultProviders(stack) });
}

function missingDefaultProviders(stack: TerraformStack): string[] {
  const all = stack.node.findAll();
  const providers = all.filter((c): c is TerraformProvider => TerraformProvider.isTerraformProvider(c));
  return Object.entries(REQUIRED_CONFIGURATION).flatMap(([type, why]) => {
    const ofType = providers.filter((p) => p.terraformResourceType === type);
    if (ofType.length === 0 || ofType.some((p) => p.alias === undefined)) return [];
    const users = all.filter((c): c is TerraformResource | TerraformDataSource =>
      (TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c))
      && c.terraformResourceType.startsWith(`${type}_`) && c.provider === undefined);
    if (users.length === 0) return [];
    const shown = users.slice(0, 3).map((c) => c.node.path).join(', ') + (users.length > 3 ? ` and ${users.length - 3} more` : '');
    return [`the ${type} providers of stack ${stack.node.id} all have an alias (${ofType.map((p) => p.alias).join(', ')}), but ${shown} ` +
      `use the default ${type} provider, which Terraform then configures empty (${why}). Add an ${type} provider without alias for them ` +
      '(keep the aliased ones for the resources that name them)'];
  });
}
