'use strict';
// The chat-app stack both consumer examples synthesize (examples/consumer, examples/consumer-cdktn: same main.ts shape):
// the resource counts it must hold, keys off. Returns the counts and the provider pins for the caller's own checks.
const fs = require('fs');

const EXPECTED = { azurerm_resource_group: 1, azurerm_user_assigned_identity: 1, azurerm_cognitive_account: 1, azurerm_cognitive_deployment: 1, azurerm_role_definition: 1, azurerm_role_assignment: 3 };

function checkChatAppStack(file = 'cdktf.out/stacks/chat-app/cdk.tf.json') {
  const stack = JSON.parse(fs.readFileSync(file, 'utf8'));
  const count = (t) => Object.keys(stack.resource?.[t] ?? {}).length;
  const got = Object.fromEntries(Object.keys(EXPECTED).map((t) => [t, count(t)]));
  if (JSON.stringify(got) !== JSON.stringify(EXPECTED)) throw new Error(`chat-app stack: expected ${JSON.stringify(EXPECTED)}, got ${JSON.stringify(got)}`);
  if (Object.values(stack.resource.azurerm_cognitive_account)[0].local_auth_enabled !== false) throw new Error('keys are on');
  return { got, providers: stack.terraform.required_providers };
}

module.exports = { checkChatAppStack };
