import { z } from 'zod';
import { prose, resourceGroupName, text } from './config-text';
import { GUID_PATTERN, IPrincipal, isZeroGuid, Principal, PrincipalType } from '../constructs';
import { canonicalGuid } from '../constructs/azure/guid';
import { RESOURCE_ARM_ID, RESOURCE_TYPE, USER_ASSIGNED_IDENTITY_ARM_ID } from '../constructs/azure/arm-id';
import { EMPLOYEE_ID, MAIL_ADDRESS, MAIL_NICKNAME, PRINCIPAL_KEY, USER_ASSIGNED_IDENTITY_NAME, USER_PRINCIPAL_NAME } from '../constructs/azure/names';

// The configuration's principal kinds, one row each: the JSON keys (zod shape), the principal it makes, and which
// GUIDs it holds (for the cross-file check that one GUID is not used as two kinds of ID). The config schema, the
// config→principal mapping and the cross-checks all read this table; a new kind is one row here and, for a new way
// of identifying a principal, one factory in constructs/principal.ts.

/** A GUID field, with what it must be in the message; given in capitals or braces, it is read as Azure writes it (`canonicalGuid`). */
export const guid = (what: string) => text()
  .transform(canonicalGuid)
  .pipe(z.string()
    .regex(GUID_PATTERN, { error: `expected ${what} as a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)` })
    .refine((v) => !isZeroGuid(v), { error: `expected ${what}, not the all-zero GUID` }));

/** A Microsoft Entra object ID. */
export const objectId = guid('a Microsoft Entra object ID (not an application/client ID)');

const label = prose().min(1, { error: 'expected a label people recognise, or leave the key out' }).optional();
/** A stable key for the Terraform addresses of the principal's grants. */
const key = text().regex(PRINCIPAL_KEY, {
  error: 'expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. "ai-developers"',
}).optional();
const createdInThisDeployment = z.boolean().optional();

const groupDisplayName = text().min(1).refine((v) => !v.includes("'"), {
  error: 'azuread 3.7 cannot look up a group whose name contains an apostrophe (its filter is not escaped): use {"kind": "group", "objectId": "<guid>", "label": "<the name>"} instead',
});

const mailNickname = (what: string) => text().regex(MAIL_NICKNAME, { error: `expected ${what}'s mail nickname (the alias before the @): 1 to 64 characters, no spaces or @ ( ) \\ [ ] " ; : < > ,` });

import type { GuidKind } from '../constructs/azure/guid';
export type { GuidKind };

/** One row of the table: the JSON keys besides `kind`, the principal they make, and the GUID fields. */
export interface PrincipalKindRow<S extends z.ZodRawShape> {
  readonly shape: S;
  readonly toPrincipal: (entry: z.infer<z.ZodObject<S>>) => IPrincipal;
  readonly guids?: ReadonlyArray<readonly [keyof S & string, GuidKind]>;
}

const row = <S extends z.ZodRawShape>(r: PrincipalKindRow<S>): PrincipalKindRow<S> => r;

/** Every principal kind of the configuration, by its `kind` value (in the order error messages list them). */
export const PRINCIPAL_KINDS = {
  user: row({
    shape: { objectId, label, key },
    toPrincipal: (p) => Principal.user(p.objectId, { label: p.label, key: p.key }),
    guids: [['objectId', 'user object ID']],
  }),
  group: row({
    shape: { objectId, label, key },
    toPrincipal: (p) => Principal.group(p.objectId, { label: p.label, key: p.key }),
    guids: [['objectId', 'group object ID']],
  }),
  servicePrincipal: row({
    shape: { objectId, label, key, createdInThisDeployment },
    toPrincipal: (p) => Principal.servicePrincipal(p.objectId, { label: p.label, key: p.key, createdInThisDeployment: p.createdInThisDeployment }),
    guids: [['objectId', 'service principal object ID']],
  }),
  managedIdentity: row({
    shape: { objectId, label, key, createdInThisDeployment },
    toPrincipal: (p) => Principal.managedIdentity(p.objectId, { label: p.label, key: p.key, createdInThisDeployment: p.createdInThisDeployment }),
    guids: [['objectId', 'service principal object ID']],
  }),
  userByUpn: row({
    shape: { upn: text().regex(USER_PRINCIPAL_NAME, { error: 'expected a user principal name such as alice@contoso.com' }), key },
    toPrincipal: (p) => Principal.userByUpn(p.upn, { key: p.key }),
  }),
  groupByDisplayName: row({
    shape: { displayName: groupDisplayName, key },
    toPrincipal: (p) => Principal.groupByDisplayName(p.displayName, { key: p.key }),
  }),
  servicePrincipalByClientId: row({
    shape: { clientId: guid('the application (client) ID'), key },
    toPrincipal: (p) => Principal.servicePrincipalByClientId(p.clientId, { key: p.key }),
    guids: [['clientId', 'application (client) ID']],
  }),
  servicePrincipalByDisplayName: row({
    shape: { displayName: text().min(1), key },
    toPrincipal: (p) => Principal.servicePrincipalByDisplayName(p.displayName, { key: p.key }),
  }),
  userByMail: row({
    shape: { mail: text().regex(MAIL_ADDRESS, { error: 'expected a mail address such as alice@contoso.com' }), key },
    toPrincipal: (p) => Principal.userByMail(p.mail, { key: p.key }),
  }),
  userByMailNickname: row({
    shape: { mailNickname: mailNickname('the user'), key },
    toPrincipal: (p) => Principal.userByMailNickname(p.mailNickname, { key: p.key }),
  }),
  userByEmployeeId: row({
    shape: { employeeId: text().regex(EMPLOYEE_ID, { error: 'expected the employee ID as recorded in Entra ID: 1 to 16 characters, without surrounding spaces' }), key },
    toPrincipal: (p) => Principal.userByEmployeeId(p.employeeId, { key: p.key }),
  }),
  groupByMailNickname: row({
    shape: {
      mailNickname: mailNickname('the group').refine((v) => !v.includes("'"), {
        error: 'azuread 3.7 cannot look up a group whose mail nickname contains an apostrophe (its filter is not escaped): use {"kind": "group", "objectId": "<guid>", "label": "<the name>"} instead',
      }),
      key,
    },
    toPrincipal: (p) => Principal.groupByMailNickname(p.mailNickname, { key: p.key }),
  }),
  systemAssignedIdentity: row({
    shape: {
      resourceId: text().regex(RESOURCE_ARM_ID, {
        error: 'expected the ARM ID of the resource holding the identity: /subscriptions/<guid>/resourceGroups/<group>/providers/<Namespace>/<type>/<name> (for a child resource such as a web app slot, use {"kind": "managedIdentity", "objectId": "<principal ID>"})',
      }),
      key,
    },
    toPrincipal: (p) => Principal.systemAssignedIdentity(p.resourceId, { key: p.key }),
  }),
  systemAssignedIdentityByName: row({
    shape: {
      resourceType: text().regex(RESOURCE_TYPE, { error: 'expected a resource type with its namespace, e.g. Microsoft.Web/sites' }),
      name: text().min(1),
      resourceGroupName: resourceGroupName(),
      key,
    },
    toPrincipal: (p) => Principal.systemAssignedIdentityOf({ resourceType: p.resourceType, name: p.name, resourceGroupName: p.resourceGroupName }, { key: p.key }),
  }),
  userAssignedIdentity: row({
    shape: { name: text().regex(USER_ASSIGNED_IDENTITY_NAME, { error: 'expected the identity\'s name, 3 to 128 characters' }), resourceGroupName: resourceGroupName(), key },
    toPrincipal: (p) => Principal.userAssignedIdentity(p.name, p.resourceGroupName, { key: p.key }),
  }),
  userAssignedIdentityById: row({
    shape: {
      resourceId: text().regex(USER_ASSIGNED_IDENTITY_ARM_ID, {
        error: 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>',
      }),
      key,
    },
    toPrincipal: (p) => Principal.userAssignedIdentityById(p.resourceId, { key: p.key }),
  }),
  deployer: row({
    shape: { principalType: z.enum(['User', 'ServicePrincipal']), key },
    toPrincipal: (p) => Principal.deployer(p.principalType === 'User' ? PrincipalType.USER : PrincipalType.SERVICE_PRINCIPAL, { key: p.key }),
  }),
};

type Kinds = typeof PRINCIPAL_KINDS;
/** A validated principal entry of the configuration. */
export type PrincipalConfig = {
  [K in keyof Kinds]: { kind: K } & z.infer<z.ZodObject<Kinds[K]['shape']>>;
}[keyof Kinds];

const KIND_NAMES = Object.keys(PRINCIPAL_KINDS) as (keyof Kinds)[];

/** A principal: by object ID with its type, or by a lookup key. */
export const principalSchema = z.discriminatedUnion(
  'kind',
  KIND_NAMES.map((kind) => z.strictObject({ kind: z.literal(kind), ...PRINCIPAL_KINDS[kind].shape })) as unknown as [z.ZodObject, ...z.ZodObject[]],
  { error: `expected "kind" to be one of ${KIND_NAMES.join(', ')}` },
) as unknown as z.ZodType<PrincipalConfig> & { options: z.ZodObject[] };

/** Turns a validated principal entry into a principal. */
export function principalFromConfig(p: PrincipalConfig): IPrincipal {
  return (PRINCIPAL_KINDS[p.kind].toPrincipal as (entry: PrincipalConfig) => IPrincipal)(p);
}

/** The GUID fields of a principal entry, with what kind of ID each must be. */
export function principalGuids(p: PrincipalConfig): Array<{ field: string; value: string; kind: GuidKind }> {
  const row = PRINCIPAL_KINDS[p.kind] as unknown as PrincipalKindRow<z.ZodRawShape>;
  return (row.guids ?? []).map(([field, kind]) => ({ field, value: (p as Record<string, unknown>)[field] as string, kind }));
}
