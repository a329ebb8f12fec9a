import { CtyValue, isObject, isUnknown, valuesEqual } from './cty';
import { fakeUuid } from './fake-ids';
import { getPath, OfflineDiagnostic, PathStep, ValuePath } from './planner';

/**
 * Provider behaviour for the private networking types (issue 23), from the azurerm v4.55.0 sources (`rm:` below
 * `internal/services/`, as in azure-rules.ts):
 * - network/private_endpoint_resource.go (`azurerm_private_endpoint`),
 * - privatedns/private_dns_zone_resource.go and private_dns_zone_virtual_network_link_resource.go,
 * - resource/management_lock_resource.go (`azurerm_management_lock`),
 * and Azure's refusal to delete anything at or below a CanNotDelete lock (Microsoft Learn, "Lock your resources":
 * a lock on a parent applies to its child resources, and a CanNotDelete lock prevents deleting role assignments).
 */

type Obj = { [k: string]: CtyValue };
type Check = (cfg: Obj, diags: OfflineDiagnostic[]) => void;
type Scalar = string | number | boolean;
interface Ctx { readonly subscriptionId: string }

const known = (v: CtyValue | undefined): v is Scalar => v !== undefined && v !== null && !isUnknown(v) && typeof v !== 'object';
const str = (v: CtyValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const keyOf = (path: readonly PathStep[]): string => path.map((s) => (typeof s === 'object' ? s.key : String(s))).join('.');

/** Calls fn for each known scalar at a path pattern (`'*'`: every element). */
function each(v: CtyValue | undefined, pattern: readonly (string | number)[], fn: (value: Scalar, path: PathStep[]) => void, at: PathStep[] = []): void {
  if (pattern.length === 0) {
    if (known(v)) fn(v, at);
    return;
  }
  if (v === null || v === undefined || isUnknown(v)) return;
  const [head, ...rest] = pattern;
  if (head === '*') {
    if (Array.isArray(v)) v.forEach((e, i) => each(e, rest, fn, [...at, i]));
  } else if (isObject(v)) each(v[head as string], rest, fn, [...at, head]);
}

/** A ValidateFunc on every known value at a path pattern; it returns the error summaries. */
const field = (pattern: readonly (string | number)[], check: (v: Scalar, k: string) => string[]): Check => (cfg, diags) =>
  each(cfg, pattern, (v, p) => {
    for (const summary of check(v, keyOf(p))) diags.push({ severity: 'error', summary, path: p });
  });

// rm: network/validate/private_link_name.go:12-35
const privateLinkName = (v: Scalar, k: string): string[] => {
  const s = String(v);
  if (s.length === 1) return /^[a-zA-Z\d]/.test(s) ? [] : [`${k} must begin with a letter or number`];
  return /^([a-zA-Z\d])([a-zA-Z\d\-_.]{0,78})([a-zA-Z\d_])$/.test(s)
    ? []
    : [`${k} must be between 1 - 80 characters long, begin with a letter or number, end with a letter, number or underscore, and may contain only letters, numbers, periods, hyphens or underscores`];
};
// rm: network/validate/private_link_subresource_name.go:13-29
const subresourceName = (v: Scalar, k: string): string[] => {
  const s = String(v);
  if (s.trim().length >= 3) {
    return /^([a-zA-Z0-9])([\w.-]{1,61})([a-zA-Z0-9])$/.test(s) ? [] : [`${k} must begin and end with a alphanumeric character, be between 3 and 63 characters in length, only contain letters, numbers, underscores, periods, and dashes`];
  }
  return s.length !== 0 ? [`${k} must be at least 3 character in length`] : [];
};
// rm: network/validate/private_connection_resource_alias.go:11-22
const resourceAlias = (v: Scalar, k: string): string[] => (String(v).endsWith('.azure.privatelinkservice') ? [] : [`expected ${JSON.stringify(k)} to have suffix \`.azure.privatelinkservice\``]);
/** resourceids.ParseXxxID as a ValidateFunc: segment names case-sensitive, segment values anything but empty. */
const armId = (what: string, re: RegExp, example: string) => (v: Scalar, k: string): string[] =>
  re.test(String(v)) ? [] : [`parsing ${JSON.stringify(v)} as ${what} ID for "${k}": expected an ID of the form ${example}`];
// vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/commonids/subnet.go:89 (ValidateSubnetID)
const subnetId = armId('a Subnet', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/, '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>');
// commonids/virtual_network.go (ValidateVirtualNetworkID)
const virtualNetworkId = armId('a Virtual Network', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/, '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>');
// vendor/github.com/hashicorp/go-azure-sdk/resource-manager/privatedns/2024-06-01/privatezones/id_privatednszone.go:88
const privateDnsZoneId = armId('a Private Dns Zone', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/, '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>');
// helpers/azure/resourceid.go ValidateResourceID: subscription and resource group segments
const resourceId = armId('a Resource', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.+)?$/, '/subscriptions/<sub>/resourceGroups/<rg>/providers/...');
const notEmpty = (v: Scalar, k: string): string[] => (v === '' ? [`expected "${k}" to not be an empty string, got ${v}`] : []);
const lenBetween = (min: number, max: number) => (v: Scalar, k: string): string[] =>
  ([...String(v)].length < min || [...String(v)].length > max ? [`expected length of ${k} to be in the range (${min} - ${max}), got ${String(v)}`] : []);
const inSlice = (values: readonly string[]) => (v: Scalar, k: string): string[] =>
  (values.includes(String(v)) ? [] : [`expected ${k} to be one of ${`[${values.map((x) => JSON.stringify(x)).join(' ')}]`}, got ${v}`]);
const intAtLeast = (min: number) => (v: Scalar, k: string): string[] => (Number(v) >= min ? [] : [`expected ${k} to be at least (${min}), got ${v}`]);
// rm: resource/validate/management_lock_name.go:11-24: one allowed character anywhere, shorter than 260
const lockName = (v: Scalar, k: string): string[] => {
  const s = String(v);
  const errs: string[] = [];
  if (!/[A-Za-z0-9-_]/.test(s)) errs.push(`${k} can only consist of alphanumeric characters, dashes and underscores`);
  if (s.length >= 260) errs.push(`${k} can only be a maximum of 260 characters`);
  return errs;
};
// rm: privatedns/validate/private_dns_zone_soa_record_email.go:13-45
const soaEmail = (v: Scalar, k: string): string[] => {
  const s = String(v);
  if (s.length === 0) return [`${JSON.stringify(k)} cannot be an empty string: ${JSON.stringify(s)}`];
  const segments = s.split('.');
  if (segments.length < 2 || segments.length > 34) return [`${JSON.stringify(k)} must be between 2 and 34 segments`];
  if (segments.some((x) => x === '')) return [`${JSON.stringify(k)} cannot contain consecutive period`];
  if (segments.some((x) => x.length > 63)) return ['the each segment of the `email` must contain between 1 and 63 characters'];
  return /^[a-zA-Z\d._-]+$/.test(s) ? [] : [`${JSON.stringify(k)} only contains letters, numbers, underscores, dashes and periods`];
};

/** ExactlyOneOf inside the single private_service_connection block (rm: network/private_endpoint_resource.go:157, :164). */
const connectionTarget: Check = (cfg, diags) => {
  const psc = Array.isArray(cfg.private_service_connection) && isObject(cfg.private_service_connection[0]) ? (cfg.private_service_connection[0] as Obj) : undefined;
  if (!psc) return;
  const keys = ['private_service_connection.0.private_connection_resource_alias', 'private_service_connection.0.private_connection_resource_id'];
  const set = keys.filter((k) => (psc[k.split('.')[2]] ?? null) !== null);
  if (set.some((k) => isUnknown(psc[k.split('.')[2]]))) return;
  let detail: ((k: string) => string) | undefined;
  if (set.length === 0) detail = (k) => `"${k}": one of \`${keys.join(',')}\` must be specified`;
  else if (set.length > 1) detail = (k) => `"${k}": only one of \`${keys.join(',')}\` can be specified, but \`${set.join(',')}\` were specified.`;
  if (detail) for (const k of keys) diags.push({ severity: 'error', summary: 'Invalid combination of arguments', detail: detail(k), path: ['private_service_connection', 0, k.split('.')[2]] });
};

/** Validation per resource type (merged into the main rule table). */
export const NETWORK_RESOURCE_CHECKS: Record<string, Check[]> = {
  azurerm_private_endpoint: [
    field(['name'], privateLinkName), // rm: network/private_endpoint_resource.go:67-72
    field(['subnet_id'], subnetId), // :78-83
    field(['private_dns_zone_group', '*', 'name'], privateLinkName), // :118-122
    field(['private_dns_zone_group', '*', 'private_dns_zone_ids', '*'], privateDnsZoneId), // :123-130
    field(['private_service_connection', '*', 'name'], privateLinkName), // :141-146
    field(['private_service_connection', '*', 'private_connection_resource_id'], resourceId), // :152-158
    field(['private_service_connection', '*', 'private_connection_resource_alias'], resourceAlias), // :159-165
    connectionTarget,
    field(['private_service_connection', '*', 'subresource_names', '*'], subresourceName), // :166-174
    field(['private_service_connection', '*', 'request_message'], lenBetween(1, 140)), // :175-179
    field(['ip_configuration', '*', 'name'], privateLinkName), // :193-198
    field(['ip_configuration', '*', 'private_ip_address'], notEmpty), // :199-204
    field(['ip_configuration', '*', 'subresource_name'], notEmpty), // :205-210
    field(['ip_configuration', '*', 'member_name'], notEmpty), // :212-219
  ],
  azurerm_private_dns_zone: [
    // name has no ValidateFunc (rm: privatedns/private_dns_zone_resource.go:52-56)
    field(['soa_record', '*', 'email'], soaEmail), // :89-93
    field(['soa_record', '*', 'expire_time'], intAtLeast(0)), // :95-100
    field(['soa_record', '*', 'minimum_ttl'], intAtLeast(0)), // :102-107
    field(['soa_record', '*', 'refresh_time'], intAtLeast(0)), // :109-114
    field(['soa_record', '*', 'retry_time'], intAtLeast(0)), // :116-121
  ],
  azurerm_private_dns_zone_virtual_network_link: [
    field(['private_dns_zone_name'], notEmpty), // rm: privatedns/private_dns_zone_virtual_network_link_resource.go:59-64
    field(['virtual_network_id'], virtualNetworkId), // :69-74
    field(['resolution_policy'], inSlice(['Default', 'NxDomainRedirect'])), // :82-87
  ],
  azurerm_management_lock: [
    field(['name'], lockName), // rm: resource/management_lock_resource.go:40-45
    field(['lock_level'], inSlice(['CanNotDelete', 'ReadOnly'])), // :53-61
    field(['notes'], lenBetween(0, 512)), // :63-68
  ],
};

/** Schema Defaults (planModify sets them when the configuration leaves them null). */
export const NETWORK_DEFAULTS: Record<string, readonly [readonly (string | number)[], CtyValue][]> = {
  // rm: privatedns/private_dns_zone_virtual_network_link_resource.go:76-80
  azurerm_private_dns_zone_virtual_network_link: [[['registration_enabled'], false]],
  // rm: privatedns/private_dns_zone_resource.go:95-127 (inside a configured soa_record block)
  azurerm_private_dns_zone: [
    [['soa_record', '*', 'expire_time'], 2419200], [['soa_record', '*', 'minimum_ttl'], 10], [['soa_record', '*', 'refresh_time'], 3600],
    [['soa_record', '*', 'retry_time'], 300], [['soa_record', '*', 'ttl'], 3600],
  ],
};

/** Types whose `location` is commonschema.Location() (normalised, ForceNew). */
export const NETWORK_LOCATION_TYPES = ['azurerm_private_endpoint'];

type ReplaceRule = (prior: Obj, planned: Obj) => ValuePath[];
const forceNew = (...paths: ValuePath[]): ReplaceRule =>
  (prior, planned) => paths.filter((p) => !valuesEqual(getPath(prior, p) ?? null, getPath(planned, p) ?? null));

/** ForceNew paths per resource type (merged into the main table). */
export const NETWORK_REPLACE_RULES: Record<string, ReplaceRule[]> = {
  // rm: network/private_endpoint_resource.go:67-83 (name, location, resource_group_name, subnet_id), :102-106, :141-174, :193-219
  azurerm_private_endpoint: [
    forceNew(['name'], ['location'], ['resource_group_name'], ['subnet_id'], ['custom_network_interface_name'],
      ['private_service_connection', 0, 'name'], ['private_service_connection', 0, 'is_manual_connection'], ['private_service_connection', 0, 'private_connection_resource_id'],
      ['private_service_connection', 0, 'private_connection_resource_alias'], ['private_service_connection', 0, 'subresource_names']),
    (prior, planned) => {
      const before = Array.isArray(prior.ip_configuration) ? prior.ip_configuration : [];
      const after = Array.isArray(planned.ip_configuration) ? planned.ip_configuration : [];
      return valuesEqual(before, after) ? [] : [['ip_configuration']];
    },
  ],
  // rm: privatedns/private_dns_zone_resource.go:52-59 (name, resource_group_name), :81-86 (soa_record)
  azurerm_private_dns_zone: [forceNew(['name'], ['resource_group_name'], ['soa_record'])],
  // rm: privatedns/private_dns_zone_virtual_network_link_resource.go:50-74
  azurerm_private_dns_zone_virtual_network_link: [forceNew(['name'], ['private_dns_zone_name'], ['resource_group_name'], ['virtual_network_id'])],
  // rm: resource/management_lock_resource.go:40-68: every argument (no Update)
  azurerm_management_lock: [forceNew(['name'], ['scope'], ['lock_level'], ['notes'])],
};

/** Errors of the provider's Create/Update before calling Azure (rm: network/private_endpoint_resource.go:1146-1165). */
export function networkApplyErrors(type: string, planned: Obj): OfflineDiagnostic[] {
  if (type !== 'azurerm_private_endpoint') return [];
  const out: OfflineDiagnostic[] = [];
  for (const psc of Array.isArray(planned.private_service_connection) ? planned.private_service_connection : []) {
    if (!isObject(psc)) continue;
    const name = str(psc.name) ?? '';
    const message = str(psc.request_message) ?? '';
    if (psc.is_manual_connection === false && message !== '') {
      out.push({ severity: 'error', summary: `"private_service_connection":${JSON.stringify(name)} is invalid, the "request_message" attribute cannot be set if the "is_manual_connection" attribute is "false"` });
    }
    if (psc.is_manual_connection === true && message.trim() === '') {
      out.push({ severity: 'error', summary: `"private_service_connection":${JSON.stringify(name)} is invalid, the "request_message" attribute must not be empty` });
    }
  }
  return out;
}

const rg = (ctx: Ctx, state: Obj) => `/subscriptions/${ctx.subscriptionId}/resourceGroups/${str(state.resource_group_name)}`;

/** The ID Azure gives a private endpoint in the provider's subscription. */
function endpointId(ctx: Ctx, state: Obj): string {
  return `${rg(ctx, state)}/providers/Microsoft.Network/privateEndpoints/${str(state.name)}`;
}

/** Values Azure returns after apply for these types (only attributes left unknown are asked for), or undefined. */
export function networkApplyValue(type: string, path: ValuePath, name: string, state: Obj, ctx: Ctx): CtyValue | undefined {
  const top = path.length === 1;
  switch (type) {
    case 'azurerm_private_endpoint': {
      const id = endpointId(ctx, state);
      const nic = `${rg(ctx, state)}/providers/Microsoft.Network/networkInterfaces/${str(state.name)}.nic.${fakeUuid('nic', id)}`;
      const ip = privateIp(id);
      if (top && name === 'id') return id;
      if (top && name === 'network_interface') return [{ id: nic, name: nic.split('/').pop()! }];
      if (top && name === 'custom_dns_configs') return [];
      if (top && name === 'private_dns_zone_configs') return zoneConfigs(id, state, ip);
      if (path[0] === 'private_service_connection' && name === 'private_ip_address') return ip;
      if (path[0] === 'private_dns_zone_group' && name === 'id') {
        const group = getPath(state, ['private_dns_zone_group', 0, 'name']);
        return `${id}/privateDnsZoneGroups/${str(group)}`;
      }
      break;
    }
    case 'azurerm_private_dns_zone': {
      const id = `${rg(ctx, state)}/providers/Microsoft.Network/privateDnsZones/${str(state.name)}`;
      if (top && name === 'id') return id;
      if (top && name === 'number_of_record_sets') return 1;
      if (top && name === 'max_number_of_record_sets') return 25000;
      if (top && name === 'max_number_of_virtual_network_links') return 1000;
      if (top && name === 'max_number_of_virtual_network_links_with_registration') return 100;
      // Azure's SOA record of a new zone (rm: privatedns/private_dns_zone_resource.go:313-385 reads it back).
      if (top && name === 'soa_record') {
        return [{ email: 'azureprivatedns-host.microsoft.com', expire_time: 2419200, minimum_ttl: 10, refresh_time: 3600, retry_time: 300, ttl: 3600, tags: {}, fqdn: `${str(state.name)}.`, host_name: 'azureprivatedns.net', serial_number: 1 }];
      }
      if (path[0] === 'soa_record' && name === 'fqdn') return `${str(state.name)}.`;
      if (path[0] === 'soa_record' && name === 'host_name') return 'azureprivatedns.net';
      if (path[0] === 'soa_record' && name === 'serial_number') return 1;
      break;
    }
    case 'azurerm_private_dns_zone_virtual_network_link':
      if (top && name === 'id') return `${rg(ctx, state)}/providers/Microsoft.Network/privateDnsZones/${str(state.private_dns_zone_name)}/virtualNetworkLinks/${str(state.name)}`;
      // Computed: Azure sets "Default" on privatelink zones (:82-87).
      if (top && name === 'resolution_policy') return 'Default';
      break;
    case 'azurerm_management_lock':
      // managementlocks.NewScopedLockID: `<scope>/providers/Microsoft.Authorization/locks/<name>`
      if (top && name === 'id') return `${str(state.scope)}/providers/Microsoft.Authorization/locks/${str(state.name)}`;
      break;
  }
  return undefined;
}

/** A private address in 10.0.0.0/8, stable per endpoint. */
function privateIp(id: string): string {
  const h = fakeUuid('private-ip', id).replace(/-/g, '');
  return `10.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}.${(parseInt(h.slice(4, 6), 16) % 250) + 4}`;
}

/** private_dns_zone_configs as the provider flattens the zone group (rm: network/private_endpoint_resource.go:1052-1140). */
function zoneConfigs(id: string, state: Obj, ip: string): CtyValue {
  const group = str(getPath(state, ['private_dns_zone_group', 0, 'name']));
  const zones = getPath(state, ['private_dns_zone_group', 0, 'private_dns_zone_ids']);
  if (!group || !Array.isArray(zones)) return [];
  return zones.filter((z): z is string => typeof z === 'string').map((zoneId) => {
    const zone = zoneId.split('/').pop()!;
    const configName = zone.replace(/\./g, '-');
    return {
      name: configName,
      id: `${id}/privateDnsZoneGroups/${group}/privateDnsZoneConfigs/${configName}`,
      private_dns_zone_id: zoneId,
      record_sets: [{ name: str(state.name) ?? '', type: 'A', fqdn: `${str(state.name)}.${zone}`, ttl: 10, ip_addresses: [ip] }],
    };
  });
}

/** A stored object, as the Azure store lists it. */
interface Stored { readonly type: string; readonly attributes: Record<string, unknown> }

/**
 * Azure refuses to delete an object at or below a CanNotDelete (or ReadOnly) lock's scope, the lock objects themselves
 * aside: child resources (a model deployment), role assignments at the scope, the resource itself.
 */
export function deleteBlockedByLock(id: string, objects: [string, Stored][], type?: string): OfflineDiagnostic[] {
  if (/\/providers\/Microsoft\.Authorization\/locks\/[^/]+$/i.test(id)) return [];
  // A diagnostic setting's Terraform ID is `<target>|<name>`; in Azure it is an extension resource below the target.
  const [resource, name] = id.split('|');
  const armId = type === 'azurerm_monitor_diagnostic_setting' && name !== undefined ? `${resource}/providers/Microsoft.Insights/diagnosticSettings/${name}` : id;
  const target = armId.toLowerCase();
  const locks = objects.filter(([, o]) => o.type === 'azurerm_management_lock').map(([lockId, o]) => ({ lockId, scope: String(o.attributes.scope ?? '').toLowerCase() }))
    .filter((l) => l.scope !== '' && (target === l.scope || target.startsWith(`${l.scope}/`)));
  if (locks.length === 0) return [];
  return [{
    severity: 'error',
    summary: `deleting ${id}: unexpected status 409 (409 Conflict) with error: ScopeLocked: The scope '${id}' cannot perform delete operation because following scope(s) are locked: '${locks.map((l) => l.lockId).join("', '")}'. Please remove the lock and try again.`,
  }];
}
