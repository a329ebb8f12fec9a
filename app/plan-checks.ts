import { DataAzurermCognitiveAccount } from '@cdktf/provider-azurerm/lib/data-azurerm-cognitive-account';
import { TerraformStack } from 'cdktf';
import { addDuplicateAssignmentChecks, parseAccountId } from '../constructs';
import { EnvironmentConfig } from './config-schema';

// Checks only the plan can make: values looked up in Entra ID or Azure at plan time. A lifecycle
// precondition or postcondition stops `terraform plan` before anything is applied; a `check` block warns.

/** The duplicate-assignment precondition (constructs/duplicate-assignment-checks.ts) for a stack; `where` names the configuration entries to fix. */
export function addPlanChecks(stack: TerraformStack, where: string): void {
  addDuplicateAssignmentChecks(stack, where);
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
