import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { SubscriptionPolicyAssignment } from '@cdktf/provider-azurerm/lib/subscription-policy-assignment';
import { Annotations, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AiServicesAccount } from './ai-services-account';
import { BuiltInPolicy, builtInPolicyDefinitionId, KEY_ACCESS_POLICY, keyAccessRefusals, MANAGED_IDENTITY_POLICY, NETWORK_ACCESS_POLICY, POLICY_ASSIGNMENT_NAME, POLICY_EFFECTS, PolicyEffect } from './azure/policy';
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

/** A literal boolean, or undefined (a token). */
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** A synth-time value, or undefined when it is a token. */
function known<T>(v: T): T | undefined {
  return Token.isUnresolved(v) ? undefined : v;
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
  /** The effect of the related network-access and managed-identity assignments, when assigned. */
  public readonly relatedAudits?: PolicyEffect;

  constructor(scope: Construct, id: string, props: KeyAccessPolicyProps) {
    super(scope, id);
    this.effect = props.effect ?? 'Deny';
    validateOneOf(this, 'effect', this.effect, POLICY_EFFECTS);
    if (props.relatedAudits !== undefined) validateOneOf(this, 'relatedAudits', props.relatedAudits, POLICY_EFFECTS);
    this.relatedAudits = props.relatedAudits;
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
    const denied = this.assignments.filter((a) => a.effect === 'Deny');
    if (this.scope === 'subscription' && denied.length > 0) {
      const types = [...new Set(denied.flatMap((a) => a.policy.resourceTypes))];
      Annotations.of(this).addWarning(`Deny at subscription scope (${props.scopeId}): ${denied.map((a) => `"${a.policy.displayName}"`).join(', ')} ` +
        `refuse every non-compliant ${types.join(' and ')} in the subscription, other teams' included, not only this stack's. ` +
        'Prefer scope "resourceGroup", or agree the subscription-wide Deny with the subscription\'s owners.');
    }
    // Whole-tree: the stack's own accounts exist only once every construct is added.
    this.node.addValidation({ validate: () => this.refusedOwnAccounts(props.scopeId) });
  }

  /** Errors for each Deny that the stack's own accounts in the policy's scope would violate: Azure would refuse the apply. */
  private refusedOwnAccounts(scopeId: string): string[] {
    const errors: string[] = [];
    for (const account of TerraformStack.of(this).node.findAll().filter((c): c is AiServicesAccount => c instanceof AiServicesAccount)) {
      if (!this.covers(scopeId, account)) continue;
      const r = account.resource;
      const acls = r.networkAclsInput;
      const settings = {
        // The provider's defaults when unset: keys on, public network access on.
        localAuthEnabled: r.localAuthEnabledInput === undefined ? true : bool(r.localAuthEnabledInput),
        publicNetworkAccessEnabled: r.publicNetworkAccessEnabledInput === undefined ? true : bool(r.publicNetworkAccessEnabledInput),
        networkDefaultAction: acls === undefined ? null : known((acls as { defaultAction?: string }).defaultAction),
        hasManagedIdentity: r.identityInput !== undefined,
      };
      for (const refused of keyAccessRefusals({ effect: this.effect, relatedAudits: this.relatedAudits }, settings)) {
        const field = refused.field;
        errors.push(`${this.node.path}: ${field} "Deny" assigns "${refused.policy.displayName}" with effect Deny, which refuses this stack's own account ` +
          `${account.accountName} (${account.node.path}): ${refused.why}; Azure would fail the apply with RequestDisallowedByPolicy. ` +
          `Change the account: ${refused.fix}; or set ${field} to "Audit".`);
      }
    }
    return errors;
  }

  /** Whether the account lies in the policy's scope; an unresolved side counts as covered (the stack's own group). */
  private covers(scopeId: string, account: AiServicesAccount): boolean {
    if (Token.isUnresolved(scopeId)) return true;
    const sub = (this.scope === 'subscription' ? SUB_ID : RG_ID).exec(scopeId)?.[1];
    if (sub && !Token.isUnresolved(account.subscriptionId) && sub.toLowerCase() !== account.subscriptionId.toLowerCase()) return false;
    if (this.scope === 'subscription' || Token.isUnresolved(account.resourceGroupName)) return true;
    return scopeId.split('/')[4]?.toLowerCase() === account.resourceGroupName.toLowerCase();
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
