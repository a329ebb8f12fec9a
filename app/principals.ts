import { IPrincipal, Principal, PrincipalType } from '../constructs';
import { PrincipalConfig } from './config-schema';

/** Turns a validated principal entry into a principal. */
export function principalFromConfig(p: PrincipalConfig): IPrincipal {
  switch (p.kind) {
    case 'user': return Principal.user(p.objectId, { label: p.label, key: p.key });
    case 'group': return Principal.group(p.objectId, { label: p.label, key: p.key });
    case 'servicePrincipal': return Principal.servicePrincipal(p.objectId, { label: p.label, key: p.key, createdInThisDeployment: p.createdInThisDeployment });
    case 'managedIdentity': return Principal.managedIdentity(p.objectId, { label: p.label, key: p.key, createdInThisDeployment: p.createdInThisDeployment });
    case 'userByUpn': return Principal.userByUpn(p.upn, { key: p.key });
    case 'groupByDisplayName': return Principal.groupByDisplayName(p.displayName, { key: p.key });
    case 'servicePrincipalByClientId': return Principal.servicePrincipalByClientId(p.clientId, { key: p.key });
    case 'servicePrincipalByDisplayName': return Principal.servicePrincipalByDisplayName(p.displayName, { key: p.key });
    case 'deployer': return Principal.deployer(p.principalType === 'User' ? PrincipalType.USER : PrincipalType.SERVICE_PRINCIPAL, { key: p.key });
  }
}
