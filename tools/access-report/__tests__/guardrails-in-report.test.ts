import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { GUARDRAIL_RULES, GuardrailRule, KeylessGuardrails } from 'keyless-ai-inference';
import { Testing, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { buildAccessReport } from '../access-report';
import { mdText } from '../markdown-safe';
import { renderMarkdown } from '../render-markdown';
import { newStack } from '../../../test-support/stacks';

/** The report of the stack as the CLI reads it: the written cdk.tf.json (Testing.synth leaves out the `//` blocks). */
function reportOfStack(stack: TerraformStack) {
  const outdir = Testing.fullSynth(stack);
  return buildAccessReport(JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8')));
}

// The report reads the library's rule table: what a rule finds shows with its ID, title and fix; suppressed rules do not.
function stackWithStorage(suppress?: string) {
  const stack = newStack();
  const sa = new StorageAccount(stack, 'sa', {
    name: 'stkeyless', resourceGroupName: 'rg', location: 'swedencentral', accountTier: 'Standard', accountReplicationType: 'LRS',
    sharedAccessKeyEnabled: true, allowNestedItemsToBePublic: false, publicNetworkAccessEnabled: false, blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 7 } },
  });
  if (suppress) KeylessGuardrails.suppress(sa, suppress, 'the state storage of a sandbox, deleted every night');
  return stack;
}

test('a rule that finds something shows in the report, in JSON and Markdown', () => {
  const report = reportOfStack(stackWithStorage());
  expect(report.guardrails).toEqual([expect.objectContaining({ rule: 'KAI-ST-001', severity: 'error', resource: 'azurerm_storage_account.sa', found: ['shared_access_key_enabled = true'] })]);
  expect(renderMarkdown(report)).toContain(`## Guardrail rules\n\n- **${mdText('KAI-ST-001')}** (error) storage account accepts shared keys: \`azurerm_storage_account.sa\`: ${mdText('shared_access_key_enabled = true')}. Fix: ${mdText('set shared_access_key_enabled = false')}`);
});

test('a suppressed rule is left out; nothing found, no section', () => {
  const report = reportOfStack(stackWithStorage('KAI-ST-001'));
  expect(report.guardrails).toBeUndefined();
  expect(renderMarkdown(report)).not.toContain('## Guardrail rules');
});

test('a rule added to the table shows without any change to the report', () => {
  const added: GuardrailRule = {
    id: 'KAI-TEST-001', severity: 'warning', resourceTypes: ['azurerm_storage_account'], title: 'storage account in Sweden',
    fix: 'move it', check: (config) => (config.location === 'swedencentral' ? ['location = swedencentral'] : []),
  };
  (GUARDRAIL_RULES as GuardrailRule[]).push(added);
  try {
    const report = reportOfStack(stackWithStorage('KAI-ST-001'));
    expect(report.guardrails).toEqual([{ rule: 'KAI-TEST-001', severity: 'warning', resource: 'azurerm_storage_account.sa', title: 'storage account in Sweden', found: ['location = swedencentral'], fix: 'move it' }]);
  } finally {
    (GUARDRAIL_RULES as GuardrailRule[]).pop();
  }
});
