import { DataAzurermCognitiveAccount } from '@cdktf/provider-azurerm/lib/data-azurerm-cognitive-account';
import { Fn, Op, TerraformStack, Token } from 'cdktf';
import { parseAccountId, RoleGrant } from '../constructs';
import { EnvironmentConfig } from './config-schema';

// Checks only the plan can make: values looked up in Entra ID or Azure at plan time. A lifecycle
// precondition or postcondition stops `terraform plan` before anything is applied; a `check` block warns.

/**
 * Two grants of one role on one scope whose principals resolve to the same Entra object (a group by display
 * name and the same group by object ID, a service principal by client ID and by name) would create the same
 * assignment twice; Azure rejects the second. Per scope, role and principal type, where a lookup is involved, one
 * precondition (on the group's last grant) checks that the object IDs are distinct: linear in the number of grants.
 * `where` names the configuration entries to fix.
 */
export function addPlanChecks(stack: TerraformStack, where: string): void {
  const groups = new Map<string, RoleGrant[]>();
  for (const c of stack.node.findAll()) {
    if (!(c instanceof RoleGrant)) continue;
    // Objects of different types (a user and a group) are never the same object.
    const k = `${c.node.scope?.node.path}|${c.role.roleKey}|${c.principal.principalType}`;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(c);
  }
  for (const grants of groups.values()) {
    const ids = grants.map((g) => g.assignment.principalIdInput!);
    // Literal IDs are compared at synth time (a duplicate grant is rejected there); a lookup needs the plan.
    if (grants.length < 2 || !ids.some((id) => Token.isUnresolved(id))) continue;
    const carrier = grants[grants.length - 1];
    const names = grants.map((g) => g.principal.label);
    const shown = names.length > 12 ? `${names.slice(0, 12).join('; ')}; and ${names.length - 12} more` : names.join('; ');
    carrier.assignment.addOverride('lifecycle.precondition', [{
      condition: Op.eq(Fn.lengthOf(Fn.distinct(ids)), ids.length),
      error_message: `Two of the ${carrier.principal.principalType} principals that get ${carrier.role.roleName} on this scope are the same Microsoft Entra object ` +
        `(${shown}): Azure would reject the second, identical role assignment (RoleAssignmentExists). List the principal once in ${where}.`,
    }]);
  }
}

/**
 * An existing account must be an AI Services account with keys off (unless the configuration says why they
 * are on): read at plan time, since synthesis cannot see it. Kind and keys stop the plan (postconditions);
 * justified keys only warn (a `check` block). `file` names the configuration file.
 */
export function addExistingAccountChecks(stack: TerraformStack, config: EnvironmentConfig, file: string): void {
  const existing = config.existingAccount;
  if (!existing) return;
  const { resourceGroupName, accountName } = parseAccountId(stack, 'existingAccount.id', existing.id);
  const at = `${file} $.existingAccount.id (${existing.id})`;
  const account = new DataAzurermCognitiveAccount(stack, 'ExistingAccountCheck', { name: accountName, resourceGroupName });
  const postconditions: { condition: string; error_message: string }[] = [{
    condition: '${self.kind == "AIServices"}',
    error_message: `${at} is an account of kind \${self.kind}, not AIServices: the /models endpoint and the inference role need an AI Services account; point existingAccount.id at one.`,
  }];
  const justified = existing.localAuth?.enabled === true;
  if (!justified) {
    postconditions.push({
      condition: '${self.local_auth_enabled == false}',
      error_message: `${at} still accepts keys (local_auth_enabled = true): anyone who can list keys bypasses Entra ID. Turn keys off on the account ` +
        '(az resource update --ids <id> --set properties.disableLocalAuth=true), or, if keys must stay on for now, set existingAccount.localAuth with a justification.',
    });
  } else {
    stack.addOverride('check.existing_account_keys', {
      assert: [{
        condition: `\${${account.fqn}.local_auth_enabled == false}`,
        error_message: `${at} accepts keys (justified in ${file} $.existingAccount.localAuth: ${existing.localAuth?.justification}); turn them off when that no longer holds.`,
      }],
    });
  }
  account.addOverride('lifecycle.postcondition', postconditions);
}
