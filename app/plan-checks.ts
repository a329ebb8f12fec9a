import { DataAzurermResources } from '@cdktf/provider-azurerm/lib/data-azurerm-resources';
import { Annotations, Fn, Op, TerraformStack, Token } from 'cdktf';
import { parseAccountId, RoleGrant, ValidationError } from '../constructs';
import { ACCOUNT_RESOURCE_TYPE, existingAccountProblems } from '../constructs/azure/accounts';
import { AdoptionRecord } from './adoption-record';
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
 * An existing account must exist, be an AI Services account with keys off (unless the configuration says why they are on)
 * and have a custom subdomain. No azurerm 4.55 read of the account avoids listKeys while keys are on (its data source writes
 * both keys into the state and fails with 403 for an identity without listKeys/action), so:
 * - at plan time, `azurerm_resources` (a generic ARM list: id, name, type; Reader is enough) checks that it exists;
 * - at synth time, kind, key state and subdomain are checked from the adoption record (`npm run adopt` reads them with
 *   `az cognitiveservices account show`, a GET). Justified keys only warn.
 * `file` names the configuration file.
 */
export function addExistingAccountChecks(stack: TerraformStack, config: EnvironmentConfig, file: string, adopted?: AdoptionRecord, adoptedFile?: string): void {
  const existing = config.existingAccount;
  if (!existing) return;
  const { resourceGroupName, accountName } = parseAccountId(stack, 'existingAccount.id', existing.id);
  const at = `${file} $.existingAccount.id (${existing.id})`;
  const found = new DataAzurermResources(stack, 'ExistingAccountCheck', { name: accountName, resourceGroupName, type: ACCOUNT_RESOURCE_TYPE });
  found.addOverride('lifecycle.postcondition', [{
    condition: '${length(self.resources) == 1}',
    error_message: `${at}: no ${ACCOUNT_RESOURCE_TYPE} named ${accountName} in resource group ${resourceGroupName} (or the identity cannot read it: it needs Reader on the group); point existingAccount.id at the account.`,
  }]);
  const facts = adopted?.account;
  if (!facts) return;
  const justified = existing.localAuth?.enabled === true;
  const problems = existingAccountProblems(facts, justified);
  if (problems.length > 0) {
    throw new ValidationError(stack, 'existingAccountId', existing.id, `${problems.join('; ')} (as ${adoptedFile ?? 'the adoption record'} $.account says; run npm run adopt again after fixing it)`);
  }
  if (facts.localAuthEnabled) {
    Annotations.of(stack).addWarning(`${at} accepts keys (justified in ${file} $.existingAccount.localAuth: ${existing.localAuth?.justification}); turn them off when that no longer holds.`);
  }
}
