import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  ACCOUNT_LOG_CATEGORIES, AccountLogCategory, BLOB_LOG_CATEGORIES, blobServiceId, DEFAULT_ACCOUNT_LOG_CATEGORIES,
  WORKSPACE_ARM_ID, WORKSPACE_NAME, WORKSPACE_RETENTION_DAYS, workspaceIdCaseProblem,
} from './azure/policy';
import { accountIdProblem } from './azure/accounts';
import { requireLiteralList, validateOneOf, ValidationError } from './validation';

/** A Log Analytics workspace for `AuditLogs` to create. */
export interface AuditWorkspaceProps {
  /** Workspace name (4 to 63 letters, digits and hyphens). */
  readonly name: string;
  /** Resource group to create it in. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** Days logs are kept (30 to 730). @default 30 */
  readonly retentionInDays?: number;
  /** Ingestion cap per day in GB, a cost ceiling (logs beyond it are dropped until the next day). @default - no cap */
  readonly dailyQuotaGb?: number;
  /** Resource tags. @default - none */
  readonly tags?: Record<string, string>;
}

/** Properties of `AuditLogs`. Give exactly one of `workspaceId` and `workspace`. */
export interface AuditLogsProps {
  /** ARM ID of an existing Log Analytics workspace. @default - none */
  readonly workspaceId?: string;
  /** A workspace to create. @default - none */
  readonly workspace?: AuditWorkspaceProps;
}

/** Optional settings of one diagnostic setting. */
export interface AccountLogOptions {
  /** Log categories to send. @default ["Audit", "RequestResponse"] */
  readonly categories?: AccountLogCategory[];
  /** The diagnostic setting's name. @default "keyless-audit" */
  readonly name?: string;
}

const SETTING_NAME = 'keyless-audit';

/**
 * Sends audit logs to Log Analytics: the AI Services account's `Audit` and `RequestResponse` logs (who
 * changed the account, which identity called which deployment) and the state storage's blob reads, writes
 * and deletes (who read the Terraform state). The workspace is given by ID or created here.
 */
export class AuditLogs extends Construct {
  /** The workspace's ARM ID. */
  public readonly workspaceId: string;
  /** The workspace, when created here. */
  public readonly workspace?: LogAnalyticsWorkspace;
  /** The diagnostic settings made so far. */
  public readonly settings: MonitorDiagnosticSetting[] = [];

  constructor(scope: Construct, id: string, props: AuditLogsProps) {
    super(scope, id);
    if ((props.workspaceId === undefined) === (props.workspace === undefined)) {
      throw new ValidationError(this, 'workspaceId / workspace', { workspaceId: props.workspaceId, workspace: props.workspace?.name },
        'give exactly one: workspaceId (an existing Log Analytics workspace) or workspace (one to create)');
    }
    if (props.workspaceId !== undefined) {
      if (!Token.isUnresolved(props.workspaceId) && !WORKSPACE_ARM_ID.test(props.workspaceId)) {
        throw new ValidationError(this, 'workspaceId', props.workspaceId,
          'expected a Log Analytics workspace ID: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>' +
          (workspaceIdCaseProblem(props.workspaceId) ? `; ${workspaceIdCaseProblem(props.workspaceId)}` : ''));
      }
      this.workspaceId = props.workspaceId;
      return;
    }
    const w = props.workspace!;
    if (!Token.isUnresolved(w.name) && !WORKSPACE_NAME.test(w.name)) {
      throw new ValidationError(this, 'workspace.name', w.name, 'expected 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen');
    }
    const retention = w.retentionInDays ?? WORKSPACE_RETENTION_DAYS.default;
    if (!Token.isUnresolved(retention) && (!Number.isInteger(retention) || retention < WORKSPACE_RETENTION_DAYS.min || retention > WORKSPACE_RETENTION_DAYS.max)) {
      throw new ValidationError(this, 'workspace.retentionInDays', retention, `expected a whole number of days from ${WORKSPACE_RETENTION_DAYS.min} to ${WORKSPACE_RETENTION_DAYS.max}`);
    }
    if (w.dailyQuotaGb !== undefined && !Token.isUnresolved(w.dailyQuotaGb) && !(w.dailyQuotaGb > 0)) {
      throw new ValidationError(this, 'workspace.dailyQuotaGb', w.dailyQuotaGb, 'expected a positive number of GB per day, or leave it out for no cap');
    }
    this.workspace = new LogAnalyticsWorkspace(this, 'Workspace', {
      name: w.name,
      resourceGroupName: w.resourceGroupName,
      location: w.location,
      sku: 'PerGB2018',
      retentionInDays: retention,
      dailyQuotaGb: w.dailyQuotaGb,
      // Entra ID only, like everything else here: no shared-key ingestion or queries.
      localAuthenticationEnabled: false,
      tags: w.tags,
    });
    this.workspaceId = this.workspace.id;
  }

  /** Sends an AI Services account's logs (by default Audit and RequestResponse) to the workspace. */
  public addAccountLogs(id: string, accountId: string, options: AccountLogOptions = {}): MonitorDiagnosticSetting {
    const categories = options.categories ?? [...DEFAULT_ACCOUNT_LOG_CATEGORIES];
    requireLiteralList(this, `${id}.categories`, categories, 'one enabled_log block is made per category');
    if (categories.length === 0) {
      throw new ValidationError(this, `${id}.categories`, categories, `list at least one of ${ACCOUNT_LOG_CATEGORIES.join(', ')}, or do not add the logs`);
    }
    categories.forEach((c, i) => validateOneOf(this, `${id}.categories[${i}]`, c, ACCOUNT_LOG_CATEGORIES));
    // Any case passes (diagnostic settings take any resource ID); another resource's ID would fail at apply on these categories.
    const problem = Token.isUnresolved(accountId) ? undefined : accountIdProblem(accountId);
    if (problem) throw new ValidationError(this, `${id} accountId`, accountId, problem);
    return this.add(id, accountId, categories, options.name);
  }

  /** Sends a storage account's blob reads, writes and deletes (StorageRead/Write/Delete) to the workspace. */
  public addBlobLogs(id: string, storageAccountId: string, options: { name?: string } = {}): MonitorDiagnosticSetting {
    return this.add(id, blobServiceId(storageAccountId), [...BLOB_LOG_CATEGORIES], options.name);
  }

  private add(id: string, targetResourceId: string, categories: readonly string[], name = SETTING_NAME): MonitorDiagnosticSetting {
    const setting = new MonitorDiagnosticSetting(this, id, {
      name,
      targetResourceId,
      logAnalyticsWorkspaceId: this.workspaceId,
      enabledLog: categories.map((category) => ({ category })),
    });
    this.settings.push(setting);
    return setting;
  }
}
