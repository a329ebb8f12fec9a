import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { SubscriptionPolicyAssignment } from '@cdktf/provider-azurerm/lib/subscription-policy-assignment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { BuiltInPolicy, builtInPolicyDefinitionId, KEY_ACCESS_POLICY, MANAGED_IDENTITY_POLICY, NETWORK_ACCESS_POLICY, POLICY_ASSIGNMENT_NAME, POLICY_EFFECTS, PolicyEffect } from './azure/policy';
import { validateOneOf, validateSubscriptionId, ValidationError } from './validation';

/** Where a policy is assigned. */
export type PolicyScope = 'resourceGroup' | 'subscription';

/** Properties of a `KeyAccessPolicy`. */
export interface KeyAccessPolicyProps {
  /** The resource group's ARM ID (scope `resourceGroup`), or the subscription's (`/subscriptions/<guid>`, scope `subscription`). */
  readonly scopeId: string;
  /** The kind of scope `scopeId` names. @default - read from scopeId ("resourceGroup" when it names a resource group) */
  readonly scope?: PolicyScope;
  /** What Azure does with an account whose keys are on. @default "Deny" */
  readonly effect?: PolicyEffect;
  /** Also assign the network-access and managed-identity built-ins, with this effect. @default - not assigned */
  readonly relatedAudits?: PolicyEffect;
  /** Suffix of the assignment names (e.g. the environment), so two stacks at one scope do not collide. @default "keyless" */
  readonly nameSuffix?: string;
}

/** One assignment the construct made. */
export interface PolicyAssignmentInfo {
  readonly policy: BuiltInPolicy;
  readonly effect: PolicyEffect;
  readonly resource: ResourceGroupPolicyAssignment | SubscriptionPolicyAssignment;
}

const RG_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/[^/]+$/i;
const SUB_ID = /^\/subscriptions\/([0-9a-f-]{36})$/i;

/**
 * Assigns the built-in policy "Azure AI Services resources should have key access disabled" at a resource
 * group or subscription, with effect Deny by default: a portal, CLI or template change that turns keys
 * on is refused by Azure, whoever holds Cognitive Services Contributor. Optionally the related
 * network-access and managed-identity audits. No managed identity is needed (Deny and Audit change nothing).
 */
export class KeyAccessPolicy extends Construct {
  /** The key-access assignment. */
  public readonly keyAccess: PolicyAssignmentInfo;
  /** Every assignment, the key-access one first. */
  public readonly assignments: PolicyAssignmentInfo[] = [];
  public readonly scope: PolicyScope;
  public readonly effect: PolicyEffect;

  constructor(scope: Construct, id: string, props: KeyAccessPolicyProps) {
    super(scope, id);
    this.effect = props.effect ?? 'Deny';
    validateOneOf(this, 'effect', this.effect, POLICY_EFFECTS);
    if (props.relatedAudits !== undefined) validateOneOf(this, 'relatedAudits', props.relatedAudits, POLICY_EFFECTS);
    this.scope = props.scope ?? (!Token.isUnresolved(props.scopeId) && SUB_ID.test(props.scopeId) ? 'subscription' : 'resourceGroup');
    validateOneOf(this, 'scope', this.scope, ['resourceGroup', 'subscription'] as PolicyScope[]);
    if (!Token.isUnresolved(props.scopeId)) {
      const match = (this.scope === 'subscription' ? SUB_ID : RG_ID).exec(props.scopeId);
      if (!match) {
        throw new ValidationError(this, 'scopeId', props.scopeId, this.scope === 'subscription'
          ? 'expected a subscription ID: /subscriptions/<guid>'
          : 'expected a resource group ID: /subscriptions/<guid>/resourceGroups/<name> (or set scope: "subscription" with /subscriptions/<guid>)');
      }
      validateSubscriptionId(this, 'scopeId (subscription)', match[1]);
    }
    const suffix = props.nameSuffix ?? 'keyless';
    this.keyAccess = this.assign('KeyAccess', KEY_ACCESS_POLICY, this.effect, `deny-ai-keys-${suffix}`, props.scopeId);
    if (props.relatedAudits !== undefined) {
      this.assign('NetworkAccess', NETWORK_ACCESS_POLICY, props.relatedAudits, `ai-network-${suffix}`, props.scopeId);
      this.assign('ManagedIdentity', MANAGED_IDENTITY_POLICY, props.relatedAudits, `ai-identity-${suffix}`, props.scopeId);
    }
  }

  private assign(id: string, policy: BuiltInPolicy, effect: PolicyEffect, name: string, scopeId: string): PolicyAssignmentInfo {
    if (!Token.isUnresolved(name) && !POLICY_ASSIGNMENT_NAME.test(name)) {
      throw new ValidationError(this, 'nameSuffix', name, 'the assignment name must be 1 to 64 characters without <>*%&:\\?.+/ and not end with a space: shorten nameSuffix');
    }
    const common = {
      name,
      policyDefinitionId: builtInPolicyDefinitionId(policy),
      displayName: `${policy.displayName} (${effect})`,
      description: `Assigned by keyless-ai-inference. Source: ${policy.source}`,
      parameters: JSON.stringify({ [policy.effectParameter]: { value: effect } }),
    };
    const resource = this.scope === 'subscription'
      ? new SubscriptionPolicyAssignment(this, id, { ...common, subscriptionId: scopeId })
      : new ResourceGroupPolicyAssignment(this, id, { ...common, resourceGroupId: scopeId });
    const info = { policy, effect, resource };
    this.assignments.push(info);
    return info;
  }
}
