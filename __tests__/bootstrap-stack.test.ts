import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Testing } from 'cdktf';
import { BootstrapStack } from '../app/bootstrap-stack';
import { bootstrapSchema } from '../app/config-schema';
import { readExample } from '../test-support/config-fixtures';

function synth(patch: (c: any) => void = () => {}): string {
  const raw = readExample('bootstrap.json');
  patch(raw);
  return Testing.synth(new BootstrapStack(Testing.app(), bootstrapSchema.parse(raw)), true);
}

describe('BootstrapStack', () => {
  const out = synth();
  const json = JSON.parse(out);

  test('the state storage account is key-less and hardened', () => {
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      name: 'stkeylesstfstate01',
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      https_traffic_only_enabled: true,
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      // No SFTP/NFS local users: their passwords would be a way around Entra ID.
      local_user_enabled: false,
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 30 },
      },
    });
  });

  test('the state storage is protected from destroy, unless the configuration opts out', () => {
    const account = (j: any) => Object.values(j.resource.azurerm_storage_account)[0] as any;
    expect(account(json).lifecycle).toEqual({ prevent_destroy: true });
    expect(account(JSON.parse(synth((c) => { c.preventDestroy = false; }))).lifecycle).toEqual({ prevent_destroy: false });
  });

  test('soft delete takes 1 to 365 days, as the provider does', () => {
    expect(synth((c) => { c.softDeleteRetentionDays = 1; })).toHaveResourceWithProperties(StorageAccount, {
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 1 }, container_delete_retention_policy: { days: 1 } },
    });
    for (const days of [0, 366, 2.5]) expect(() => synth((c) => { c.softDeleteRetentionDays = days; })).toThrow(/1 to 365 days|whole number/);
  });

  test('the retention period follows the configuration', () => {
    expect(synth((c) => { c.softDeleteRetentionDays = 90; })).toHaveResourceWithProperties(StorageAccount, {
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 90 }, container_delete_retention_policy: { days: 90 } },
    });
  });

  test('all networks by default (Entra ID still required); only the allowed ranges when given', () => {
    expect(Object.values(json.resource.azurerm_storage_account)[0]).not.toHaveProperty('network_rules');
    expect(synth((c) => { c.allowedIpRanges = ['203.0.113.0/24']; delete c.publicNetworkAccess; })).toHaveResourceWithProperties(StorageAccount, {
      network_rules: { default_action: 'Deny', ip_rules: ['203.0.113.0/24'], bypass: ['AzureServices'] },
    });
  });

  test('a private container in the account', () => {
    const [accountId] = Object.keys(json.resource.azurerm_storage_account);
    expect(out).toHaveResourceWithProperties(StorageContainer, {
      name: 'tfstate',
      container_access_type: 'private',
      storage_account_id: `\${azurerm_storage_account.${accountId}.id}`,
    });
  });

  test('every state principal gets Storage Blob Data Owner on the state container (not the whole account), with its type', () => {
    const assignments = Object.values(json.resource.azurerm_role_assignment) as any[];
    expect(assignments).toHaveLength(2);
    const [containerId] = Object.keys(json.resource.azurerm_storage_container);
    for (const a of assignments) {
      expect(a.role_definition_id).toBe('/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b');
      expect(a.scope).toBe(`\${azurerm_storage_container.${containerId}.id}`);
    }
    expect(out).toHaveResourceWithProperties(RoleAssignment, { principal_id: '6d5a2f3e-7b1c-4f8a-9e2d-1c3b5a7f9e01', principal_type: 'Group' });
    expect(out).toHaveResourceWithProperties(RoleAssignment, { principal_type: 'ServicePrincipal' });
  });

  test('a principal listed twice in stateAccess is reported as a duplicate grant', () => {
    expect(() => synth((c) => { c.stateAccess.push(c.stateAccess[1]); }))
      .toThrow(/^bootstrap: invalid grant "Storage Blob Data Owner for Platform engineers": already granted on this state container by bootstrap\/storage-blob-data-owner-group-oid-6d5a2f3e/);
  });

  test('local state by default; the azurerm backend with Entra ID once moved', () => {
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.bootstrap.tfstate' } });
    const moved = JSON.parse(synth((c) => { c.remoteState = true; }));
    expect(moved.terraform.backend).toEqual({
      azurerm: {
        resource_group_name: 'rg-keyless-tfstate', storage_account_name: 'stkeylesstfstate01', container_name: 'tfstate',
        key: 'bootstrap.tfstate', subscription_id: '00000000-0000-0000-0000-000000000001',
        tenant_id: '72f988bf-0000-0000-0000-0000000000aa', use_azuread_auth: true,
      },
    });
  });

  test('the provider reaches storage with Entra ID (shared keys are off)', () => {
    expect(json.provider.azurerm).toEqual([{
      features: [{}], subscription_id: '00000000-0000-0000-0000-000000000001', storage_use_azuread: true, resource_provider_registrations: 'none',
    }]);
  });

  test('audit logs: the state blob service\'s reads, writes and deletes go to Log Analytics; none when turned off', () => {
    const settings = Object.values(json.resource.azurerm_monitor_diagnostic_setting) as any[];
    expect(settings).toHaveLength(1);
    expect(settings[0].target_resource_id).toMatch(/^\$\{azurerm_storage_account\.StateStorage\.id\}\/blobServices\/default$/);
    expect(settings[0].enabled_log).toEqual([{ category: 'StorageRead' }, { category: 'StorageWrite' }, { category: 'StorageDelete' }]);
    expect(Object.values(json.resource.azurerm_log_analytics_workspace)).toEqual([expect.objectContaining({ retention_in_days: 90, local_authentication_enabled: false })]);
    const off = JSON.parse(synth((c) => { c.auditLogs = { enabled: false }; }));
    expect(off.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    expect(off.resource.azurerm_log_analytics_workspace).toBeUndefined();
  });
});


describe('BootstrapStack private networking and lock', () => {
  const HUB_ZONE = '/subscriptions/00000000-0000-0000-0000-0000000000ff/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net';

  test('the example: public access off, a blob private endpoint with the hub zone, a CanNotDelete lock covering the container and its grants', () => {
    const json = JSON.parse(synth());
    const [sa] = Object.values(json.resource.azurerm_storage_account) as any[];
    expect(sa.public_network_access_enabled).toBe(false);
    const [pe] = Object.values(json.resource.azurerm_private_endpoint) as any[];
    expect(pe).toMatchObject({ name: 'pe-stkeylesstfstate01-blob', private_service_connection: { subresource_names: ['blob'] }, private_dns_zone_group: { private_dns_zone_ids: [HUB_ZONE] } });
    const [lock] = Object.values(json.resource.azurerm_management_lock) as any[];
    expect(lock).toMatchObject({ lock_level: 'CanNotDelete', scope: expect.stringMatching(/^\$\{azurerm_storage_account\.StateStorage\.id\}$/) });
    const [trigger] = Object.values(json.resource.terraform_data) as any[];
    expect(trigger.input.filter((i: string) => /azurerm_(storage_container|role_assignment|private_endpoint)\./.test(i))).toHaveLength(4);
  });

  test('the lock is on by default and off with lock: false; subnets join the IP ranges in the network rules', () => {
    const off = JSON.parse(synth((c) => { c.lock = false; }));
    expect(off.resource.azurerm_management_lock).toBeUndefined();
    const dflt = JSON.parse(synth((c) => { delete c.lock; }));
    expect(Object.keys(dflt.resource.azurerm_management_lock)).toHaveLength(1);
    const subnet = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-platform/subnets/snet-runners';
    const rules = JSON.parse(synth((c) => { delete c.publicNetworkAccess; c.allowedSubnetIds = [subnet]; }));
    const [sa] = Object.values(rules.resource.azurerm_storage_account) as any[];
    expect(sa.network_rules).toEqual({ default_action: 'Deny', virtual_network_subnet_ids: [subnet], bypass: ['AzureServices'] });
    expect(sa.public_network_access_enabled).toBe(true);
  });
});
