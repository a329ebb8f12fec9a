import { CognitiveAccountRaiPolicy } from '@cdktf/provider-azurerm/lib/cognitive-account-rai-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { IAiServicesAccount } from './ai-services-account';
import { RAI_BASE_POLICIES, RAI_BINARY_FILTERS, RAI_FILTER_CLASH, raiFilterClashes, RAI_MODES, raiPolicyNameProblem, RAI_SEVERITY_FILTERS, RAI_SEVERITY_THRESHOLDS, RAI_SOURCES, RaiMode, RaiSeverityThreshold, RaiSource } from './azure/rai';
import { validateOneOf, validateText, ValidationError } from './validation';

/** One content filter of a policy. */
export interface ContentFilterProps {
  /** Category: Hate, Sexual, Violence, SelfHarm (with severity), or Jailbreak, Indirect Attack, Protected Material Text, Protected Material Code, Profanity. */
  readonly name: string;
  /** Prompt or Completion. */
  readonly source: RaiSource;
  /** Filter content at or above this severity ("Low" filters the most). @default "Medium" (Azure's default) */
  readonly severityThreshold?: RaiSeverityThreshold;
  /** Block what the filter flags (false: annotate only). @default true */
  readonly blocking?: boolean;
  /** Run the filter. @default true */
  readonly enabled?: boolean;
}

/** Properties of a `RaiPolicy`. */
export interface RaiPolicyProps {
  /** The account that holds the policy. */
  readonly account: IAiServicesAccount;
  /** Policy name; deployments name it in `rai_policy_name`. */
  readonly name: string;
  /** Microsoft's policy it starts from. @default "Microsoft.DefaultV2" */
  readonly basePolicyName?: string;
  /** Streaming mode. @default - Azure's default */
  readonly mode?: RaiMode;
  /** The filters, at least one. */
  readonly contentFilters: ContentFilterProps[];
  /** Resource tags. @default - none */
  readonly tags?: Record<string, string>;
}

/** What a deployment needs from a content filter policy. */
export interface IRaiPolicy {
  /** The policy name, as a reference to the policy resource when it is created here (so deployments follow it). */
  readonly policyName: string;
}

const KNOWN_FILTERS: readonly string[] = [...RAI_SEVERITY_FILTERS, ...RAI_BINARY_FILTERS];

/** A content filter policy (`azurerm_cognitive_account_rai_policy`) on an AI Services account. */
export class RaiPolicy extends Construct implements IRaiPolicy {
  /** The underlying `azurerm_cognitive_account_rai_policy`. */
  public readonly resource: CognitiveAccountRaiPolicy;
  public readonly policyName: string;
  /** The name as given (a literal), for reports and look-ups. */
  public readonly name: string;
  public readonly basePolicyName: string;
  public readonly account: IAiServicesAccount;

  constructor(scope: Construct, id: string, props: RaiPolicyProps) {
    super(scope, id);
    validateText(this, 'name', props.name, 1, 'expected the policy name');
    const reserved = Token.isUnresolved(props.name) ? undefined : raiPolicyNameProblem(props.name);
    if (reserved) throw new ValidationError(this, 'name', props.name, reserved);
    this.basePolicyName = props.basePolicyName ?? 'Microsoft.DefaultV2';
    validateOneOf(this, 'basePolicyName', this.basePolicyName, RAI_BASE_POLICIES as readonly string[]);
    if (props.mode !== undefined) validateOneOf(this, 'mode', props.mode, RAI_MODES);
    if (props.contentFilters.length === 0) {
      throw new ValidationError(this, 'contentFilters', [], `list at least one filter (${KNOWN_FILTERS.join(', ')})`);
    }
    props.contentFilters.forEach((f, i) => {
      const at = `contentFilters[${i}]`;
      validateOneOf(this, `${at}.name`, f.name, KNOWN_FILTERS);
      validateOneOf(this, `${at}.source`, f.source, RAI_SOURCES);
      if (f.severityThreshold !== undefined) validateOneOf(this, `${at}.severityThreshold`, f.severityThreshold, RAI_SEVERITY_THRESHOLDS);
    });
    for (const [first, repeat] of raiFilterClashes(props.contentFilters)) {
      const f = props.contentFilters[repeat];
      throw new ValidationError(this, `contentFilters[${repeat}]`, `${f.name} (${f.source})`, `${RAI_FILTER_CLASH} (contentFilters[${first}])`);
    }
    this.account = props.account;
    this.name = props.name;
    this.resource = new CognitiveAccountRaiPolicy(this, 'Resource', {
      name: props.name,
      cognitiveAccountId: props.account.accountId,
      basePolicyName: this.basePolicyName,
      mode: props.mode,
      contentFilter: props.contentFilters.map((f) => ({
        name: f.name,
        source: f.source,
        severityThreshold: f.severityThreshold ?? 'Medium',
        blockEnabled: f.blocking ?? true,
        filterEnabled: f.enabled ?? true,
      })),
      tags: props.tags,
    });
    this.policyName = this.resource.name;
  }
}
