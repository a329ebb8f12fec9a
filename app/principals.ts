import { IPrincipal, Principal, PrincipalType } from '../constructs';
import { PrincipalConfig } from './config-schema';

/** Turns a validated principal entry into a principal. */
export function principalFromConfig(p: PrincipalConfig): IPrincipal {
  switch (p.kind) {
    case 'user': return Principal.user(p.objectId, { label: p.label });
    case 'group': return Principal.group(p.objectId, { label: p.label });
    case 'servicePrincipal': return Principal.servicePrincipal(p.objectId, { label: p.label, createdInThisDeployment: p.createdInThisDeployment });
    case 'managedIdentity': return Principal.managedIdentity(p.objectId, { label: p.label, createdInThisDeployment: p.createdInThisDeployment });
    case 'userByUpn': return Principal.userByUpn(p.upn);
    case 'groupByDisplayName': return Principal.groupByDisplayName(p.displayName);
    case 'servicePrincipalByClientId': return Principal.servicePrincipalByClientId(p.clientId);
    case 'servicePrincipalByDisplayName': return Principal.servicePrincipalByDisplayName(p.displayName);
    case 'deployer': return Principal.deployer(p.principalType === 'User' ? PrincipalType.USER : PrincipalType.SERVICE_PRINCIPAL);
  }
}
