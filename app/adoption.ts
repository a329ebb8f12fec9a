import { Annotations, TerraformStack, Token } from 'cdktf';
import { FoundryProject, RoleGrant, ValidationError } from '../constructs';
import { roleGuidOf } from '../constructs/azure/az-cli-export';
import { AdoptionRecord } from './adoption-record';

/** A grant's path inside its stack: the key of adoption records. */
export function grantPath(grant: RoleGrant): string {
  const stack = TerraformStack.of(grant);
  return grant.node.path.slice(stack.node.path.length + 1);
}

/** The stack's standing grants by path. */
export function grantsOf(stack: TerraformStack): Map<string, RoleGrant> {
  return new Map(stack.node.findAll().filter((c): c is RoleGrant => c instanceof RoleGrant).map((g) => [grantPath(g), g]));
}

/** The stack's Foundry projects by construct path. */
export function projectsOf(stack: TerraformStack): Map<string, FoundryProject> {
  return new Map(stack.node.findAll().filter((c): c is FoundryProject => c instanceof FoundryProject)
    .map((p) => [p.node.path.slice(stack.node.path.length + 1), p]));
}

/**
 * Makes the stack import the role assignments of an adoption record instead of creating them: an `import` block to the
 * grant's own address, the existing assignment's name (a new name would replace it: `name` is ForceNew) and its
 * description (ForceNew too). `file` names the record in errors.
 */
export function applyAdoption(stack: TerraformStack, record: AdoptionRecord, file: string): void {
  const projects = projectsOf(stack);
  (record.projects ?? []).forEach((p, i) => {
    const project = projects.get(p.project);
    if (!project) {
      throw new ValidationError(stack, `${file} $.projects[${i}].project`, p.project,
        `the configuration no longer has this project: run npm run adopt again, or delete the entry (the project ${p.id} then stays in Azure, unmanaged)`);
    }
    project.resource.importFrom(p.id);
  });
  const grants = grantsOf(stack);
  record.assignments.forEach((a, i) => {
    const at = `${file} $.assignments[${i}]`;
    const grant = grants.get(a.grant);
    if (!grant) {
      throw new ValidationError(stack, `${at}.grant`, a.grant,
        `the configuration no longer makes this grant (${a.principalName ?? a.principalId}): run npm run adopt again, or delete the entry (the assignment ${a.id} then stays in Azure, unmanaged)`);
    }
    const r = grant.assignment;
    const principalId = r.principalIdInput;
    if (principalId !== undefined && !Token.isUnresolved(principalId) && principalId.toLowerCase() !== a.principalId.toLowerCase()) {
      throw new ValidationError(grant, `${at}.principalId`, a.principalId, `the grant is for ${principalId} now: run npm run adopt again`);
    }
    const roleId = r.roleDefinitionIdInput;
    if (roleId !== undefined && !Token.isUnresolved(roleId) && roleGuidOf(roleId) !== roleGuidOf(a.roleDefinitionId)) {
      throw new ValidationError(grant, `${at}.roleDefinitionId`, a.roleDefinitionId, `the grant is of role ${roleId} now: run npm run adopt again`);
    }
    r.name = a.name;
    if (a.description) r.description = a.description;
    r.importFrom(a.id);
  });
  // A grant adopted once whose entry is gone: Terraform manages the assignment under its adopted name, the
  // configuration now says the UUID v5, and `name` forces a replacement.
  const kept = new Set(record.assignments.map((a) => a.grant));
  for (const [path, name] of Object.entries(record.adoptedNames ?? {})) {
    const grant = grants.get(path);
    if (!grant || kept.has(path)) continue;
    Annotations.of(grant).addWarning(`${file}: the grant ${grant.role.roleName} for ${grant.principal.label} was adopted under the name ${name} ` +
      `($.adoptedNames["${path}"]), but its entry is no longer in $.assignments: its name goes back to the UUID v5, and since name forces a ` +
      'new resource the next apply deletes and re-creates the assignment (access drops for a moment). Restore the entry (git restore, or ' +
      `npm run adopt again with a fresh export); if the replacement is intended, remove "${path}" from $.adoptedNames as well.`);
  }
}
