import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { AzurermBackend, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AuditLogs, BuiltInRole, PrivateEndpoint, PROJECT_TAGS as T, ResourceLock, RoleGrant } from '../constructs';
import { BootstrapConfig } from './config-schema';
import { principalFromConfig } from './principals';
import { endpointOptions, RESOURCE_PROVIDER_REGISTRATIONS } from './providers';

/** The bootstrap stack's name; no environment may use it. */
export const BOOTSTRAP_STACK = 'bootstrap';

/**
 * The state storage for every environment: a key-less storage account (shared keys off, HTTPS and
 * TLS 1.2 only, no public blobs, versioning and soft delete) and Storage Blob Data Owner for the
 * principals that deploy. It runs on local state until `remoteState` moves it into the account.
 */
export class BootstrapStack extends TerraformStack {
  public readonly storageAccount: StorageAccount;
  public readonly container: StorageContainer;
  /** Private endpoints to the blob service. */
  public readonly privateEndpoints: PrivateEndpoint[] = [];
  /** The CanNotDelete lock on the storage account (on unless `lock: false`). */
  public readonly lock?: ResourceLock;

  constructor(scope: Construct, config: BootstrapConfig) {
    super(scope, BOOTSTRAP_STACK);
    new AzurermProvider(this, 'azurerm', {
      features: [{}], subscriptionId: config.subscriptionId, storageUseAzuread: true, resourceProviderRegistrations: RESOURCE_PROVIDER_REGISTRATIONS,
    });
    new AzureadProvider(this, 'azuread', { tenantId: config.tenantId });
    if (config.remoteState) {
      new AzurermBackend(this, {
        resourceGroupName: config.resourceGroupName,
        storageAccountName: config.storageAccountName,
        containerName: config.containerName,
        key: `${BOOTSTRAP_STACK}.tfstate`,
        subscriptionId: config.subscriptionId,
        tenantId: config.tenantId,
        useAzureadAuth: true,
      });
    } else {
      new LocalBackend(this, { path: `terraform.${BOOTSTRAP_STACK}.tfstate` });
    }

    const rg = new ResourceGroup(this, 'ResourceGroup', { name: config.resourceGroupName, location: config.location });
    const days = config.softDeleteRetentionDays ?? 30;
    this.storageAccount = new StorageAccount(this, 'StateStorage', {
      name: config.storageAccountName,
      resourceGroupName: rg.name,
      location: config.location,
      accountTier: 'Standard',
      accountReplicationType: 'ZRS',
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      // No SFTP/NFS local users: their passwords and keys would be a way around Entra ID.
      localUserEnabled: false,
      // Entra ID is required either way; the ranges and subnets also keep the data plane off other networks.
      publicNetworkAccessEnabled: config.publicNetworkAccess ?? true,
      networkRules: (config.allowedIpRanges || config.allowedSubnetIds) && {
        defaultAction: 'Deny', ipRules: config.allowedIpRanges, virtualNetworkSubnetIds: config.allowedSubnetIds, bypass: ['AzureServices'],
      },
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days },
        containerDeleteRetentionPolicy: { days },
      },
      tags: { [T.managedBy.key]: T.managedBy.value, [T.stateStorage.key]: T.stateStorage.value },
      // It holds every environment's state: renaming or moving it must not delete it (opt out: preventDestroy false).
      lifecycle: { preventDestroy: config.preventDestroy ?? true },
    });
    this.container = new StorageContainer(this, 'StateContainer', {
      name: config.containerName,
      storageAccountId: this.storageAccount.id,
      containerAccessType: 'private',
    });
    // Least privilege: the data role is granted on the state container, not the whole account.
    const containerPath = `/blobServices/default/containers/${config.containerName}`;
    const containerArmId = `/subscriptions/${config.subscriptionId}/resourceGroups/${config.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${config.storageAccountName}${containerPath}`;
    for (const p of config.stateAccess.map(principalFromConfig)) {
      RoleGrant.grant(this, {
        // The container's ID (its Resource Manager ID, given storage_account_id): Terraform creates the container first.
        scope: this.container.id,
        scopeKey: containerArmId,
        subscriptionId: config.subscriptionId,
        role: BuiltInRole.STORAGE_BLOB_DATA_OWNER,
        principal: p,
      }, 'state container');
    }
    // Who read, wrote or deleted the state (StorageBlobLogs).
    const logs = config.auditLogs;
    if (logs?.enabled) {
      const audit = new AuditLogs(this, 'AuditLogs', logs.workspaceId ? { workspaceId: logs.workspaceId } : {
        workspace: {
          name: logs.workspace?.name ?? `log-keyless-${BOOTSTRAP_STACK}`,
          resourceGroupName: rg.name,
          location: config.location,
          retentionInDays: logs.workspace?.retentionInDays,
          dailyQuotaGb: logs.workspace?.dailyQuotaGb,
          tags: { [T.managedBy.key]: T.managedBy.value, [T.auditLogs.key]: T.auditLogs.value },
        },
      });
      audit.addBlobLogs('StateBlobs', this.storageAccount.id);
      new TerraformOutput(this, 'audit_workspace_id', { value: audit.workspaceId });
    }
    endpointOptions(this, config.subscriptionId, config.privateEndpoints).forEach((options, i) => {
      this.privateEndpoints.push(new PrivateEndpoint(this, `StatePrivateEndpoint${i === 0 ? '' : i + 1}`, {
        ...options,
        name: options.name ?? `pe-${config.storageAccountName}-blob${i === 0 ? '' : `-${i + 1}`}`,
        targetResourceId: this.storageAccount.id,
        targetName: config.storageAccountName,
        targetResourceGroupName: rg.name,
        targetLocation: config.location,
        subresource: 'blob',
        targetSubscriptionId: config.subscriptionId,
        tags: { [T.managedBy.key]: T.managedBy.value },
      }));
    });
    // Every environment's state: a lock against deletion, covering the container, its grants and the endpoints.
    if (config.lock ?? true) this.lock = new ResourceLock(this, 'StateLock', { scopeId: this.storageAccount.id, covers: [this] });
    new TerraformOutput(this, 'state_storage_account_id', { value: this.storageAccount.id });
    new TerraformOutput(this, 'state_container', { value: this.container.name });
  }
}
