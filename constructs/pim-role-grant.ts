import { PimActiveRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-active-role-assignment';
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { RoleManagementPolicy } from '@cdktf/provider-azurerm/lib/role-management-policy';
import { Annotations, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CLOCK_ENV, daysUntil, ENDED_GRANTS_ENV, endedGrantsOnlyWarn, GRANT_END_WARNING_DAYS, keylessNow } from './azure/grant-ends';
import { PIM, rfc3339UtcProblem } from './azure/policy';
import { IRoleDefinition } from './azure/built-in-role';
import { guardDistinctObjectIds, guardResolvedDuplicates } from './duplicate-assignment-checks';
import { guardDefaultProviders } from './provider-checks';
import { IPrincipal, PrincipalType } from './principal';
import { RoleGrant } from './role-grant';
import { TerraformCheck } from './terraform-check';
import { assertNotGrantedYet, JUSTIFICATION_MIN_LENGTH, checkAssignableScope, recordAssignment, requirePrincipal, requireRole, shortHash, slug, validateFreeText, validateSubscriptionId, validateText, ValidationError } from './validation';

/**
 * How long a PIM assignment lasts. Give at most one of the three. Prefer `endDateTime`: its end is known before the
 * assignment exists (checked at synth and plan time, listed by `npm run grants-ending`); a duration's end is not.
 */
export interface PimExpiration {
  /** Days from creation. @default - eligible: permanent (the role's PIM policy at the scope is set to allow it); active: required (one of the three) */
  readonly durationDays?: number;
  /** Hours from creation. @default - none */
  readonly durationHours?: number;
  /** An RFC 3339 UTC time, e.g. "2026-06-30T00:00:00Z". @default - none */
  readonly endDateTime?: string;
}

/** Options of a just-in-time (PIM) grant. */
export interface PimGrantOptions extends PimExpiration {
  /** Why the principal gets the role (recorded in PIM's audit history); at least 10 characters. */
  readonly justification: string;
  /** A ticket in your change system. @default - none */
  readonly ticket?: { readonly number?: string; readonly system?: string };
  /** Where the grant is declared (e.g. a configuration file and JSON path), named in messages about its end. @default - the construct path */
  readonly source?: string;
}

/** Properties of a `PimRoleGrant`. */
export interface PimRoleGrantProps extends PimGrantOptions {
  /**
   * `eligible`: the principal may activate the role for a few hours when needed (Entra ID P2); `active`:
   * a standing assignment that ends on its own (contractors, guests).
   */
  readonly kind: 'eligible' | 'active';
  /** The scope: an ARM ID or a reference to one. */
  readonly scope: string;
  /** Subscription in which built-in role IDs are formed. */
  readonly subscriptionId: string;
  /** Stable identity of the scope, for refusing a second assignment of the same role to the same principal. @default - `scope` */
  readonly scopeKey?: string;
  readonly role: IRoleDefinition;
  readonly principal: IPrincipal;
}

/**
 * A Privileged Identity Management assignment (`azurerm_pim_eligible_role_assignment` or
 * `azurerm_pim_active_role_assignment`): an eligible role that is activated just in time, or an active
 * one with an end. Every argument forces replacement, so the expiry is a duration or a fixed date,
 * never "now". Needs Microsoft Entra ID P2; the deployer needs Owner or User Access Administrator at the
 * scope (`PIM_REQUEST_ACTIONS`: roleEligibilityScheduleRequests/write, roleAssignmentScheduleRequests/write).
 * Role Based Access Control Administrator is not enough.
 *
 * Ends: a fixed end in the past is an error at synth (a warning with `KEYLESS_ENDED_GRANTS=warn`, as the nightly drift job synthesizes; Azure no longer lists the schedule, so the provider drops it from
 * state, and creating it again fails); one within 14 days warns. A plan made after the end (from a stack synthesized
 * before it) neither creates it again nor fails: the resource's `count` is 0 from the end on, by the plan's clock, and a
 * `check` block warns to remove the entry.
 * An eligible grant without an expiration is permanent: it also sets the role's PIM policy at the scope to allow
 * permanent eligibility (Azure's default policy requires an end within a year, which would lapse silently).
 */
export class PimRoleGrant extends Construct {
  /** A construct ID for a PIM grant, independent of creation order and distinct from standing grants. */
  public static idFor(kind: 'eligible' | 'active', role: IRoleDefinition, principal: IPrincipal): string {
    return `${kind}-${RoleGrant.idFor(role, principal)}`;
  }

  /** Grants under `idFor`, reporting a second identical grant as such. `scopeNoun` names the scope in that message. */
  public static grant(scope: Construct, props: PimRoleGrantProps, scopeNoun = 'scope'): PimRoleGrant {
    requirePrincipal(scope, 'principal', props.principal);
    requireRole(scope, 'role', props.role);
    const id = PimRoleGrant.idFor(props.kind, props.role, props.principal);
    assertNotGrantedYet(scope, id, `${props.kind} ${props.role.roleName} for ${props.principal.label}`, scopeNoun);
    const grant = new PimRoleGrant(scope, id, props);
    guardDistinctObjectIds(scope, {
      resource: grant.resource, principalId: grant.resource.principalIdInput!, label: `${props.principal.label} (${props.kind === 'eligible' ? 'eligible' : 'time-limited'})`,
      roleKey: props.role.roleKey, roleName: props.role.roleName, principalType: props.principal.principalType,
    });
    return grant;
  }

  /** The assignment. With a fixed end it has `count` (1 until the end, 0 after it): its instance is `<address>[0]`. */
  public readonly resource: PimEligibleRoleAssignment | PimActiveRoleAssignment;
  /** The Terraform check that warns once a fixed end has passed (undefined for durations and permanent eligibility). */
  public readonly endCheck?: TerraformCheck;
  public readonly kind: 'eligible' | 'active';
  public readonly role: IRoleDefinition;
  public readonly principal: IPrincipal;
  /** The expiry in words, e.g. "2028-03-31T00:00:00Z", "90 days after creation" or "permanent (eligible until removed)". */
  public readonly expires: string;
  /** The end as an RFC 3339 time, when it is a fixed date (undefined for durations and permanent eligibility). */
  public readonly endDateTime?: string;
  /** The role management policy allowing permanent eligibility, for a permanent eligible grant. */
  public readonly eligibilityPolicy?: RoleManagementPolicy;

  constructor(scope: Construct, id: string, props: PimRoleGrantProps) {
    super(scope, id);
    this.kind = props.kind;
    this.role = props.role;
    this.principal = props.principal;
    validateSubscriptionId(this, 'subscriptionId', props.subscriptionId);
    validateText(this, 'justification', props.justification, JUSTIFICATION_MIN_LENGTH.pim, 'write why the principal needs the role (at least 10 characters); PIM records it');
    recordAssignment(this, `${props.scopeKey ?? props.scope}|${props.role.roleKey}|${props.principal.principalKey}`, props.principal.principalKey,
      `${this.kindWord} ${props.role.roleName} for ${props.principal.label}`);
    guardResolvedDuplicates(TerraformStack.of(this));
    guardDefaultProviders(TerraformStack.of(this));
    validateFreeText(this, 'justification', props.justification);
    validateFreeText(this, 'ticket.number', props.ticket?.number);
    validateFreeText(this, 'ticket.system', props.ticket?.system);
    checkAssignableScope(this, props.role, props.scope);
    if (props.principal.skipAadCheck) {
      throw new ValidationError(this, 'principal', props.principal.label, 'PIM assignments cannot skip the directory check; grant principals created in the same run with a standing assignment');
    }
    if (props.kind === 'eligible' && props.principal.principalType === PrincipalType.SERVICE_PRINCIPAL) {
      Annotations.of(this).addWarning(`${props.principal.label} is a service principal: an eligible role must be activated (a PIM request) before each use, which unattended pipelines rarely do; consider a standing grant for it`);
    }
    const expiration = this.expiration(props);
    this.endDateTime = expiration?.endDateTime;
    this.expires = expiration === undefined ? 'permanent (eligible until removed)'
      : expiration.durationDays !== undefined ? `${expiration.durationDays} days after creation`
        : expiration.durationHours !== undefined ? `${expiration.durationHours} hours after creation` : String(expiration.endDateTime);
    const source = props.source ?? this.node.path;
    if (this.endDateTime !== undefined && !Token.isUnresolved(this.endDateTime)) this.checkEnd(this.endDateTime, source);
    if (expiration?.endDateTime === undefined && expiration !== undefined) {
      Annotations.of(this).addWarning(`${props.principal.label}'s ${this.kindWord} ${props.role.roleName} grant (${source}) ends ${this.expires}: its end date is known only once it exists, ` +
        'and after it the next plan creates it again. Give endDateTime (a fixed end) instead' + (props.kind === 'eligible' ? ', or no expiration for permanent eligibility' : ''));
    }

    // Azure refuses a permanent eligibility until the role's policy allows it: the policy goes first.
    this.eligibilityPolicy = expiration === undefined ? PermanentEligibility.at(scope, props.scope, props.role, props.subscriptionId) : undefined;
    const config = {
      dependsOn: this.eligibilityPolicy && [this.eligibilityPolicy],
      scope: props.scope,
      roleDefinitionId: props.role.roleDefinitionIdIn(props.subscriptionId),
      principalId: props.principal.objectIdIn(this),
      justification: props.justification,
      // No start_date_time: the provider uses the creation time; a literal "now" would replace it on every plan.
      // No schedule at all for a permanent one: `schedule` is Optional+Computed, so the expiration block Read fills in
      // from Azure's NoExpiration answer plans no change (pim_eligible_role_assignment_resource.go, Read).
      schedule: expiration && { expiration },
      // cdktf names the ticket's `system` argument `systemAttribute`.
      ticket: props.ticket && { number: props.ticket.number, systemAttribute: props.ticket.system },
    };
    this.resource = props.kind === 'eligible'
      ? new PimEligibleRoleAssignment(this, 'Default', config)
      : new PimActiveRoleAssignment(this, 'Default', config);
    this.resource.addOverride('//.keyless_grant', { principal: props.principal.label, role: props.role.roleName, pim: props.kind, expires: this.expires, source });
    if (this.endDateTime !== undefined) {
      // Synth refuses an end already passed; a plan made later (the nightly drift plan) compares it with its own clock.
      // After the end Azure no longer lists the schedule and the provider drops it from state: count 0 keeps the plan from
      // creating it again (which Azure refuses), and the check says what to do as a warning, so no plan fails.
      const notEnded = `timecmp(${planClock(this)}, "${this.endDateTime}") < 0`;
      this.resource.addOverride('count', `\${${notEnded} ? 1 : 0}`);
      this.endCheck = new TerraformCheck(this, 'EndCheck', {
        assertions: [{
          condition: `\${${notEnded}}`,
          errorMessage: `${this.kindWord} grant ${props.principal.label} (${props.role.roleName}) ended on ${this.endDateTime}: Azure no longer lists it and ` +
            `this plan does not create it again. Remove ${source} from the configuration.`,
        }],
      });
    }
  }

  private get kindWord(): string {
    return this.kind === 'eligible' ? 'eligible' : 'time-limited';
  }

  private checkEnd(end: string, source: string): void {
    const now = keylessNow();
    const days = daysUntil(new Date(end), now);
    if (days <= 0 && endedGrantsOnlyWarn()) {
      Annotations.of(this).addWarning(`${this.principal.label}'s ${this.kindWord} ${this.role.roleName} grant (${source}) ended on ${end} ` +
        `(now ${now.toISOString()}): the plan creates nothing for it (${ENDED_GRANTS_ENV}=warn); remove the entry`);
      return;
    }
    if (days <= 0) {
      throw new ValidationError(this, 'endDateTime', end, `the grant ended on ${end} (now ${now.toISOString()}): Azure no longer lists it and ` +
        `refuses to create it again; remove the entry (${source}). To give the access again, add a new entry with an end in the future`);
    }
    if (days <= GRANT_END_WARNING_DAYS) {
      Annotations.of(this).addWarning(`${this.principal.label}'s ${this.kindWord} ${this.role.roleName} grant (${source}) ends on ${end}, in ${Math.ceil(days)} ` +
        `day${Math.ceil(days) === 1 ? '' : 's'}: when it has ended, remove the entry; to keep the access, set a later end (the assignment is replaced)`);
    }
  }

  private expiration(props: PimRoleGrantProps): { durationDays?: number; durationHours?: number; endDateTime?: string } | undefined {
    const given = (['durationDays', 'durationHours', 'endDateTime'] as const).filter((k) => props[k] !== undefined);
    if (given.length > 1) {
      throw new ValidationError(this, given.join(' / '), given.map((k) => props[k]), 'give at most one of durationDays, durationHours and endDateTime');
    }
    const days = props.durationDays;
    if (days !== undefined && !Token.isUnresolved(days) && (!Number.isInteger(days) || days < 1 || days > PIM.maxDurationDays)) {
      throw new ValidationError(this, 'durationDays', days, `expected a whole number of days from 1 to ${PIM.maxDurationDays} (PIM's default maximum)`);
    }
    const hours = props.durationHours;
    if (hours !== undefined && !Token.isUnresolved(hours) && (!Number.isInteger(hours) || hours < 1)) {
      throw new ValidationError(this, 'durationHours', hours, 'expected a whole number of hours, at least 1');
    }
    const endProblem = props.endDateTime !== undefined && !Token.isUnresolved(props.endDateTime) ? rfc3339UtcProblem(props.endDateTime) : undefined;
    if (endProblem) throw new ValidationError(this, 'endDateTime', props.endDateTime, endProblem);
    if (given.length === 1) return { [given[0]]: props[given[0]] };
    if (props.kind === 'active') {
      throw new ValidationError(this, 'endDateTime', null, 'a time-limited grant needs an end: set endDateTime (or durationDays / durationHours), or use a standing grant');
    }
    return undefined;
  }
}

/**
 * The Terraform expression for "now" at plan time: the plan's timestamp, or the variable `keyless_now` (set by the offline
 * tools from `KEYLESS_NOW`, for tests). One variable per stack.
 */
function planClock(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const id = 'keyless_now';
  if (!stack.node.tryFindChild(id)) {
    new TerraformVariable(stack, id, {
      type: 'string', default: '', nullable: false,
      description: `For tests only: the time (RFC 3339) plans compare grant ends with (the offline tools pass ${CLOCK_ENV}); empty: the plan's own timestamp`,
    });
  }
  return `coalesce(var.${id}, plantimestamp())`;
}

/**
 * The role's PIM policy at a scope, set to allow permanent eligible assignments (`azurerm_role_management_policy`,
 * `eligible_assignment_rules.expiration_required = false`; the provider updates that one rule of the existing policy and
 * never deletes it). One per scope and role.
 */
class PermanentEligibility {
  public static at(parent: Construct, scope: string, role: IRoleDefinition, subscriptionId: string): RoleManagementPolicy {
    const id = `eligibility-policy-${slug(role.addressName ?? role.roleName, 24)}-${shortHash(role.roleKey)}`;
    const existing = parent.node.tryFindChild(id);
    if (existing instanceof RoleManagementPolicy) return existing;
    return new RoleManagementPolicy(parent, id, {
      scope,
      roleDefinitionId: role.roleDefinitionIdIn(subscriptionId),
      eligibleAssignmentRules: { expirationRequired: false },
    });
  }
}
