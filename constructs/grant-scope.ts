import { IConstruct } from 'constructs';
import { DelegationScope } from './delegated-grants';

/**
 * The scope of grants on `resource` (its `id`): identified at synth by its ARM ID when known, else by its construct path
 * (so two grants of one role to one principal there are caught), in `subscriptionId`.
 */
export function grantScopeOf(resource: IConstruct, id: string, knownArmId: string | undefined, subscriptionId: string): DelegationScope {
  return { scope: id, scopeKey: knownArmId ?? resource.node.path, scopeArmId: knownArmId, subscriptionId };
}
