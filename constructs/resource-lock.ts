import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { PimActiveRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-active-role-assignment';
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { DataResource, Fn, Lazy, TerraformResource, TerraformStack, Token, ref } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { LOCK_NOTES_MAX } from './azure/private-link';
import { ValidationError } from './validation';

/** Properties of a `ResourceLock`. */
export interface ResourceLockProps {
  /** ARM ID of the resource to lock. */
  readonly scopeId: string;
  /** Lock name. @default "keyless-do-not-delete" */
  readonly name?: string;
  /** Why the lock is there (at most 512 characters). @default - a sentence naming this project */
  readonly notes?: string;
  /**
   * Constructs whose resources live under the locked resource (child resources, role assignments at its scope). The lock
   * is lifted before any of them is deleted or replaced, and put back in the same apply. @default - none
   */
  readonly covers?: IConstruct[];
}

/**
 * A `CanNotDelete` management lock (`azurerm_management_lock`). Azure's lock also refuses to delete child resources and
 * role assignments at or below the locked scope, which would make the stack's own edits fail (removing a developer,
 * deleting a model deployment, replacing a grant, `destroy`). So the lock depends on everything it `covers` (a destroy
 * removes it first) and is replaced whenever one of them is added, removed or replaced (a `terraform_data` of their IDs in
 * `replace_triggered_by`): Terraform deletes the old lock, changes what is under it, then creates the lock again.
 */
export class ResourceLock extends Construct {
  /** The underlying `azurerm_management_lock`. */
  public readonly resource: ManagementLock;
  /** The `terraform_data` whose change replaces the lock. */
  public readonly trigger: DataResource;
  private readonly covered: IConstruct[];

  constructor(scope: Construct, id: string, props: ResourceLockProps) {
    super(scope, id);
    const notes = props.notes ?? 'Managed by keyless-ai-inference: lifted and put back by Terraform when something under it changes.';
    if (!Token.isUnresolved(notes) && notes.length > LOCK_NOTES_MAX) {
      throw new ValidationError(this, 'notes', notes, `expected at most ${LOCK_NOTES_MAX} characters`);
    }
    const name = props.name ?? 'keyless-do-not-delete';
    if (!Token.isUnresolved(name) && (!/^[A-Za-z0-9_-]{1,259}$/.test(name))) {
      throw new ValidationError(this, 'name', name, 'expected up to 259 letters, digits, "-" and "_"');
    }
    if (typeof props.scopeId !== 'string' || (!Token.isUnresolved(props.scopeId) && !/^\/(subscriptions|providers\/Microsoft\.Management\/managementGroups)\/[^/]+(\/[^/]+)*$/i.test(props.scopeId))) {
      throw new ValidationError(this, 'scopeId', props.scopeId, 'expected the ARM ID of what to lock (/subscriptions/<guid>/resourceGroups/<group>/providers/..., without a trailing "/")');
    }
    this.covered = [...(props.covers ?? [])];
    this.trigger = new DataResource(this, 'Covers', {
      // Resolved at synth: grants added after the lock are covered too.
      input: Lazy.anyValue({ produce: () => this.coveredIds() }) as unknown as Record<string, unknown>,
    });
    this.resource = new ManagementLock(this, 'Resource', {
      name,
      scope: props.scopeId,
      lockLevel: 'CanNotDelete',
      notes,
      dependsOn: [this.trigger],
    });
    // Terraform's JSON syntax takes a bare address here; cdktf would write "${...}", which Terraform rejects.
    this.resource.addOverride('lifecycle.replace_triggered_by', [`${this.trigger.terraformResourceType}.${this.trigger.friendlyUniqueId}`]);
  }

  /** Covers more constructs (resources made elsewhere that live under the locked resource: its diagnostic settings). */
  public cover(...constructs: IConstruct[]): void {
    this.covered.push(...constructs);
  }

  /** The IDs of every resource under the covered constructs (this lock's own left out), in a stable order. */
  private coveredIds(): string[] {
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const root of this.covered) {
      for (const c of root.node.findAll()) {
        if (c instanceof TerraformResource && !c.node.path.startsWith(`${this.node.path}/`) && !seen.has(c.node.path)) {
          seen.add(c.node.path);
          ids.push(hasCount(c) ? countedId(c) : c.getStringAttribute('id'));
        }
      }
    }
    return ids;
  }
}

/** Whether a resource has `count` (set as a property or, as PimRoleGrant does, by override). */
function hasCount(r: TerraformResource): boolean {
  const overrides = (r as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides ?? {};
  return r.count !== undefined || 'count' in overrides;
}

/**
 * The ID of a resource with `count` (instance 0): a bare `.id` of a counted resource is an error. A PIM grant with a fixed
 * end has count 0 after the end, when Azure drops it: its ID (`<scope>|<role definition ID>|<principal ID>`, azurerm
 * authorization/parse/pim_role_assignment.go:25-27 at v4.55.0) stays the same then, so the lock is not replaced by a date.
 */
function countedId(r: TerraformResource): string {
  const instance = ref(`${r.terraformResourceType}.${r.friendlyUniqueId}[0].id`, TerraformStack.of(r));
  if (r instanceof PimActiveRoleAssignment || r instanceof PimEligibleRoleAssignment) {
    return Fn.try([instance, Fn.join('|', [r.scopeInput!, r.roleDefinitionIdInput!, r.principalIdInput!])]);
  }
  return Fn.join(',', Token.asList(ref(`${r.terraformResourceType}.${r.friendlyUniqueId}[*].id`, TerraformStack.of(r))));
}
