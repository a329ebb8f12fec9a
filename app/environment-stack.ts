import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { AzurermBackend, CloudBackend, NamedCloudWorkspace, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AccountLogCategory, AiServicesAccount, AuditLogs, BuiltInRole, FOUNDRY_USER, FoundryProject, INFERENCE_ENDPOINTS, InferenceEndpoint, InferenceRoleChoice, IRoleDefinition, KeyAccessPolicy, KeylessInferenceAccess, parseAccountId, PolicyEffect, PROJECT_TAGS } from '../constructs';
import { applyAdoption } from './adoption';
import { AdoptionRecord } from './adoption-record';
import { EnvironmentConfig } from './config-schema';
import { stateKey } from './cross-checks';
import { principalFromConfig } from './principals';
import { endpointOptions, RESOURCE_PROVIDER_REGISTRATIONS } from './providers';

/** Properties of an `EnvironmentStack`. */
export interface EnvironmentStackProps {
  /** The environment's name: the stack name and the default state key. */
  readonly environment: string;
  /** The validated configuration. */
  readonly config: EnvironmentConfig;
  /** Existing role assignments to import instead of create (`config/adopted/<environment>.json`). @default - none */
  readonly adopted?: AdoptionRecord;
  /** The adoption record's file, for messages. @default - "adopted/<environment>.json" */
  readonly adoptedFile?: string;
  /** The environment's configuration file, named in messages (e.g. about a grant's end). @default - "environments/<environment>.json" */
  readonly configFile?: string;
}

/**
 * One environment: providers (Entra ID everywhere), the azurerm backend with Entra ID auth, the
 * resource group, and the key-less inference setup with its grants.
 */
export class EnvironmentStack extends TerraformStack {
  public readonly access: KeylessInferenceAccess;
  /** The key-access policy, when assigned (default for new accounts). */
  public readonly keyAccessPolicy?: KeyAccessPolicy;
  /** The account's audit logs, when turned on. */
  public readonly auditLogs?: AuditLogs;
  /** The Foundry projects, in configuration order. */
  public readonly projects: FoundryProject[] = [];

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.environment);
    const c = props.config;
    new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: c.subscriptionId,
      // The state and any key-less storage are reached with Entra ID, never with shared keys.
      storageUseAzuread: true,
      // Otherwise the provider registers 66 resource providers on every plan, which a deployer with rights on a resource
      // group only cannot do. Microsoft.CognitiveServices is registered once per subscription (README, Deploying).
      resourceProviderRegistrations: RESOURCE_PROVIDER_REGISTRATIONS,
    });
    new AzureadProvider(this, 'azuread', { tenantId: c.tenantId });
    if ('cloud' in c.state) {
      // HCP Terraform / Terraform Enterprise: no token here (`terraform login` or TF_TOKEN_<host>), Azure via dynamic credentials.
      const cloud = c.state.cloud;
      new CloudBackend(this, { organization: cloud.organization, hostname: cloud.hostname, workspaces: new NamedCloudWorkspace(cloud.workspace, cloud.project) });
    } else {
      new AzurermBackend(this, {
        resourceGroupName: c.state.resourceGroupName,
        storageAccountName: c.state.storageAccountName,
        containerName: c.state.containerName,
        key: stateKey(props.environment, c.state),
        subscriptionId: c.state.subscriptionId ?? c.subscriptionId,
        tenantId: c.tenantId,
        useAzureadAuth: true,
      });
    }

    // A created group is referenced by name so Terraform orders it before the account and role.
    const rg = c.resourceGroup.create
      ? new ResourceGroup(this, 'ResourceGroup', { name: c.resourceGroup.name, location: c.location })
      : undefined;
    const rgName = rg?.name ?? c.resourceGroup.name;
    const rgScope = rg?.id ?? `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup.name}`;
    const a = c.account;
    const file = props.configFile ?? `environments/${props.environment}.json`;
    this.access = new KeylessInferenceAccess(this, 'Inference', {
      account: a && {
        accountName: a.name,
        customSubdomainName: a.customSubdomainName,
        resourceGroupName: rgName,
        location: c.location,
        locationUnlisted: c.locationUnlisted,
        subscriptionId: c.subscriptionId,
        skuName: a.sku,
        localAuthEnabled: a.localAuth?.enabled,
        localAuthJustification: a.localAuth?.justification,
        publicNetworkAccessEnabled: a.publicNetworkAccess,
        networkAcls: a.networkAcls,
        privateEndpoints: endpointOptions(this, c.subscriptionId, a.privateEndpoints),
        lock: a.lock,
        tags: { [PROJECT_TAGS.environment]: props.environment, [PROJECT_TAGS.managedBy.key]: PROJECT_TAGS.managedBy.value, ...a.tags },
        projectManagementEnabled: a.projectManagement ?? ((c.projects?.length ?? 0) > 0 ? true : undefined),
        raiPolicies: a.raiPolicies?.map((p) => ({ name: p.name, basePolicyName: p.basePolicy, mode: p.mode, contentFilters: p.contentFilters, tags: undefined })),
        raiBlocklists: a.raiBlocklists,
        deployments: a.deployments?.map((d) => ({
          name: d.name, format: d.format, modelName: d.model, modelVersion: d.version, skuName: d.sku,
          capacity: d.capacity, raiPolicyName: d.raiPolicyName, versionUpgradeOption: d.versionUpgradeOption,
        })),
      },
      existingAccountId: c.existingAccount?.id,
      existingAccount: c.existingAccount && {
        // Not read from Azure at plan time (azurerm's account data source lists keys): from the configuration, else from what adopt recorded.
        customSubdomainName: c.existingAccount.customSubdomainName ?? props.adopted?.account?.customSubdomainName ?? undefined,
        knownSettings: props.adopted?.account,
        localAuthJustification: c.existingAccount.localAuth?.enabled ? c.existingAccount.localAuth.justification : undefined,
        describedAs: `${file} $.existingAccount.id (${c.existingAccount.id})`,
      },
      principalsDescribedAs: `${file} ($.developers, $.administrators, $.temporaryDevelopers, $.justInTimeAdministrators)`,
      inferenceRole: c.customRole.enabled ? InferenceRoleChoice.CUSTOM : InferenceRoleChoice.COGNITIVE_SERVICES_USER,
      // An existing account's role lives at the account's own resource group (read from its ID), wherever resourceGroup points.
      customRole: { scope: c.existingAccount ? undefined : rgScope, nameSuffix: props.environment, roleName: c.customRole.name, roleDefinitionId: c.customRole.roleDefinitionId },
      endpoints: c.endpoints as InferenceEndpoint[] | undefined,
      developers: c.developers.map(principalFromConfig),
      administrators: c.administrators.map(principalFromConfig),
      administratorsJustInTime: c.justInTimeAdministrators?.enabled
        ? { justification: c.justInTimeAdministrators.justification, durationDays: c.justInTimeAdministrators.durationDays, ticket: c.justInTimeAdministrators.ticket, source: `${file} $.justInTimeAdministrators` }
        : undefined,
      temporaryDevelopers: c.temporaryDevelopers?.map((t, i) => ({
        principal: principalFromConfig(t.principal), endDateTime: t.expiresOn, justification: t.justification, source: `${file} $.temporaryDevelopers[${i}]`,
      })),
      deployerRole: c.deployerRole !== undefined ? BuiltInRole.byName(c.deployerRole) : undefined,
    });
    const account = this.access.account;
    const delegable = (name: string): IRoleDefinition => (name === 'foundryUser' ? FOUNDRY_USER : account.inferenceRole);
    for (const d of c.delegates ?? []) {
      account.delegateGrants({ to: principalFromConfig(d.principal), roles: d.roles.map(delegable), principalTypes: d.principalTypes });
    }
    for (const p of c.projects ?? []) {
      const project = new FoundryProject(this, `Project-${p.name}`, {
        account, name: p.name, displayName: p.displayName, description: p.description, location: c.location,
        tags: { [PROJECT_TAGS.environment]: props.environment, [PROJECT_TAGS.managedBy.key]: PROJECT_TAGS.managedBy.value },
      });
      for (const dev of p.developers) project.grantInference(principalFromConfig(dev));
      for (const d of p.delegates ?? []) {
        project.delegateGrants({ to: principalFromConfig(d.principal), roles: d.roles.map((r) => (r === 'inference' ? project.inferenceRole : FOUNDRY_USER)), principalTypes: d.principalTypes });
      }
      this.projects.push(project);
    }
    if (props.adopted) applyAdoption(this, props.adopted, props.adoptedFile ?? `adopted/${props.environment}.json`);

    // Keys stay off after deploy: on by default for a new account; an existing account's scope may belong to another team.
    const pol = c.policy?.keyAccess;
    if (pol?.enabled ?? c.account !== undefined) {
      const existing = c.existingAccount && parseAccountId(this, 'existingAccount.id', c.existingAccount.id);
      const sub = existing?.subscriptionId ?? c.subscriptionId;
      const scope = pol?.scope ?? 'resourceGroup';
      this.keyAccessPolicy = new KeyAccessPolicy(this, 'KeyAccessPolicy', {
        scope,
        scopeId: scope === 'subscription' ? `/subscriptions/${sub}` : existing ? `/subscriptions/${sub}/resourceGroups/${existing.resourceGroupName}` : rgScope,
        effect: pol?.effect as PolicyEffect | undefined,
        relatedAudits: pol?.relatedAudits as PolicyEffect | undefined,
        nameSuffix: props.environment,
      });
    }
    const logs = c.auditLogs;
    if (logs?.enabled) {
      this.auditLogs = new AuditLogs(this, 'AuditLogs', logs.workspaceId ? { workspaceId: logs.workspaceId } : {
        workspace: {
          name: logs.workspace?.name ?? `log-keyless-${props.environment}`.slice(0, 63).replace(/-+$/, ''),
          resourceGroupName: rgName,
          location: c.location,
          retentionInDays: logs.workspace?.retentionInDays,
          dailyQuotaGb: logs.workspace?.dailyQuotaGb,
          tags: { [PROJECT_TAGS.environment]: props.environment, [PROJECT_TAGS.managedBy.key]: PROJECT_TAGS.managedBy.value },
        },
      });
      this.auditLogs.addAccountLogs('Account', this.access.account.accountId, { categories: logs.categories as AccountLogCategory[] | undefined });
      // The account's diagnostic settings live under it: its lock must be lifted to delete or replace them.
      if (this.access.account instanceof AiServicesAccount) this.access.account.lock?.cover(this.auditLogs);
    }

    new TerraformOutput(this, 'account_id', { value: account.accountId, description: 'ARM ID of the AI Services account' });
    // Only the endpoints developers use and their role can call.
    const endpoints = this.access.endpoints;
    if (endpoints.includes(InferenceEndpoint.MODELS)) {
      new TerraformOutput(this, 'inference_endpoint', { value: account.inferenceEndpoint, description: 'Azure AI model inference endpoint' });
    }
    if (endpoints.includes(InferenceEndpoint.OPENAI)) {
      new TerraformOutput(this, 'openai_endpoint', { value: account.openAiEndpoint, description: 'OpenAI v1 endpoint' });
    }
    const scopes = [...new Set(endpoints.flatMap((e) => INFERENCE_ENDPOINTS[e].tokenScopes))];
    new TerraformOutput(this, 'token_scopes', { value: scopes, description: 'Entra ID token scopes the endpoints accept: request either one (Foundry project endpoints take only https://ai.azure.com/.default)' });
    if (this.auditLogs) {
      new TerraformOutput(this, 'audit_workspace_id', { value: this.auditLogs.workspaceId, description: 'Log Analytics workspace with the account\'s audit and request logs' });
    }
    if (this.projects.length > 0) {
      new TerraformOutput(this, 'project_endpoints', {
        value: Object.fromEntries(this.projects.map((p) => [p.projectName, p.endpoint])),
        description: 'Foundry project endpoints, by project name',
      });
      new TerraformOutput(this, 'project_token_scope', { value: this.projects[0].tokenScope, description: 'The Entra ID token scope project endpoints accept (the only one)' });
    }
    if (this.access.customRole) {
      new TerraformOutput(this, 'custom_role_id', { value: this.access.customRole.roleDefinitionResourceId, description: 'Resource ID of the custom inference role' });
    }
  }
}
