import { PimActiveRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-active-role-assignment';
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { PIM, RFC3339_UTC } from './azure/policy';
import { IRoleDefinition } from './azure/built-in-role';
import { IPrincipal, PrincipalType } from './principal';
import { RoleGrant } from './role-grant';
import { assertNotGrantedYet, checkAssignableScope, validateSubscriptionId, validateText, ValidationError } from './validation';

/** How long a PIM assignment lasts. Give at most one of the three. */
export interface PimExpiration {
  /** Days from creation. @default - see the grant kind */
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
 */
export class PimRoleGrant extends Construct {
  /** A construct ID for a PIM grant, independent of creation order and distinct from standing grants. */
  public static idFor(kind: 'eligible' | 'active', role: IRoleDefinition, principal: IPrincipal): string {
    return `${kind}-${RoleGrant.idFor(role, principal)}`;
  }

  /** Grants under `idFor`, reporting a second identical grant as such. `scopeNoun` names the scope in that message. */
  public static grant(scope: Construct, props: PimRoleGrantProps, scopeNoun = 'scope'): PimRoleGrant {
    const id = PimRoleGrant.idFor(props.kind, props.role, props.principal);
    assertNotGrantedYet(scope, id, `${props.kind} ${props.role.roleName} for ${props.principal.label}`, scopeNoun);
    return new PimRoleGrant(scope, id, props);
  }

  public readonly resource: PimEligibleRoleAssignment | PimActiveRoleAssignment;
  public readonly kind: 'eligible' | 'active';
  public readonly role: IRoleDefinition;
  public readonly principal: IPrincipal;
  /** The expiry in words, e.g. "365 days after creation" or "2026-06-30T00:00:00Z". */
  public readonly expires: string;

  constructor(scope: Construct, id: string, props: PimRoleGrantProps) {
    super(scope, id);
    this.kind = props.kind;
    this.role = props.role;
    this.principal = props.principal;
    validateSubscriptionId(this, 'subscriptionId', props.subscriptionId);
    validateText(this, 'justification', props.justification, 10, 'write why the principal needs the role (at least 10 characters); PIM records it');
    checkAssignableScope(this, props.role, props.scope);
    if (props.principal.skipAadCheck) {
      throw new ValidationError(this, 'principal', props.principal.label, 'PIM assignments cannot skip the directory check; grant principals created in the same run with a standing assignment');
    }
    if (props.kind === 'eligible' && props.principal.principalType === PrincipalType.SERVICE_PRINCIPAL) {
      Annotations.of(this).addWarning(`${props.principal.label} is a service principal: an eligible role must be activated (a PIM request) before each use, which unattended pipelines rarely do; consider a standing grant for it`);
    }
    const expiration = this.expiration(props);
    this.expires = expiration.durationDays !== undefined ? `${expiration.durationDays} days after creation`
      : expiration.durationHours !== undefined ? `${expiration.durationHours} hours after creation` : String(expiration.endDateTime);

    const config = {
      scope: props.scope,
      roleDefinitionId: props.role.roleDefinitionIdIn(props.subscriptionId),
      principalId: props.principal.objectIdIn(this),
      justification: props.justification,
      // No start_date_time: the provider uses the creation time; a literal "now" would replace it on every plan.
      schedule: { expiration },
      // cdktf names the ticket's `system` argument `systemAttribute`.
      ticket: props.ticket && { number: props.ticket.number, systemAttribute: props.ticket.system },
    };
    this.resource = props.kind === 'eligible'
      ? new PimEligibleRoleAssignment(this, 'Default', config)
      : new PimActiveRoleAssignment(this, 'Default', config);
    this.resource.addOverride('//.keyless_grant', { principal: props.principal.label, role: props.role.roleName, pim: props.kind, expires: this.expires });
  }

  private expiration(props: PimRoleGrantProps): { durationDays?: number; durationHours?: number; endDateTime?: string } {
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
    if (props.endDateTime !== undefined && !Token.isUnresolved(props.endDateTime) && !RFC3339_UTC.test(props.endDateTime)) {
      throw new ValidationError(this, 'endDateTime', props.endDateTime, 'expected an RFC 3339 UTC time such as 2026-06-30T00:00:00Z');
    }
    if (given.length === 1) return { [given[0]]: props[given[0]] };
    if (props.kind === 'active') {
      throw new ValidationError(this, 'endDateTime', null, 'a time-limited grant needs an end: set endDateTime (or durationDays / durationHours), or use a standing grant');
    }
    return { durationDays: PIM.maxDurationDays };
  }
}
