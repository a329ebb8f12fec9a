import { CognitiveAccountRaiBlocklist } from '@cdktf/provider-azurerm/lib/cognitive-account-rai-blocklist';
import { Construct } from 'constructs';
import type { IAiServicesAccount } from './ai-services-account';
import { validateText } from './validation';

/** Properties of a `RaiBlocklist`. */
export interface RaiBlocklistProps {
  /** The account that holds the blocklist. */
  readonly account: IAiServicesAccount;
  /** Blocklist name. */
  readonly name: string;
  /** What the list blocks, for reviewers. @default - none */
  readonly description?: string;
}

/**
 * A custom blocklist (`azurerm_cognitive_account_rai_blocklist`). Its items, and attaching it to a policy, are not in
 * azurerm 4.55 (the policy resource has no blocklist block): add them in the Foundry portal or with a later provider.
 */
export class RaiBlocklist extends Construct {
  /** The underlying `azurerm_cognitive_account_rai_blocklist`. */
  public readonly resource: CognitiveAccountRaiBlocklist;
  public readonly blocklistName: string;

  constructor(scope: Construct, id: string, props: RaiBlocklistProps) {
    super(scope, id);
    validateText(this, 'name', props.name, 1, 'expected the blocklist name');
    if (props.description !== undefined) validateText(this, 'description', props.description, 1, 'expected a description, or leave it out');
    this.resource = new CognitiveAccountRaiBlocklist(this, 'Resource', { name: props.name, cognitiveAccountId: props.account.accountId, description: props.description });
    this.blocklistName = this.resource.name;
  }
}
