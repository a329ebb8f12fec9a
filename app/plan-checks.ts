import { DataAzurermResources } from '@cdktf/provider-azurerm/lib/data-azurerm-resources';
import { Annotations, TerraformStack } from 'cdktf';
import { addDuplicateAssignmentChecks, parseAccountId, ValidationError } from '../constructs';
import { ACCOUNT_RESOURCE_TYPE, existingAccountProblems } from '../constructs/azure/accounts';
import { AdoptionRecord } from './adoption-record';
import { EnvironmentConfig } from './config-schema';

// Checks only the plan can make: values looked up in Entra ID or Azure at plan time. A lifecycle
// precondition or postcondition stops `terraform plan` before anything is applied; a `check` block warns.

/** The duplicate-assignment precondition (constructs/duplicate-assignment-checks.ts) for a stack; `where` names the configuration entries to fix. */
export function addPlanChecks(stack: TerraformStack, where: string): void {
  addDuplicateAssignmentChecks(stack, where);
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
