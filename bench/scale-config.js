'use strict';
// Writes a configuration folder with one environment granting `count` principals: mixed types,
// half given by object ID and half looked up in Entra ID (one data source each).
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

/** A deterministic, non-zero GUID. */
function guid(seed) {
  const h = crypto.createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function principal(i) {
  const kind = i % 8;
  switch (kind) {
    case 0: return { kind: 'user', objectId: guid(`user-${i}`), label: `User ${i}` };
    case 1: return { kind: 'userByUpn', upn: `user${i}@contoso.com` };
    case 2: return { kind: 'group', objectId: guid(`group-${i}`), label: `Group ${i}` };
    case 3: return { kind: 'groupByDisplayName', displayName: `AI team ${i}` };
    case 4: return { kind: 'servicePrincipal', objectId: guid(`sp-${i}`), label: `App ${i}` };
    case 5: return { kind: 'servicePrincipalByClientId', clientId: guid(`client-${i}`) };
    case 6: return { kind: 'managedIdentity', objectId: guid(`mi-${i}`), label: `Workload ${i}` };
    default: return { kind: 'servicePrincipalByDisplayName', displayName: `automation-${i}` };
  }
}

function writeScaleConfig(dir, count) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'environments'), { recursive: true });
  const env = {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    tenantId: '72f988bf-0000-0000-0000-0000000000aa',
    location: 'swedencentral',
    resourceGroup: { name: 'rg-ai-inference-scale', create: true },
    account: { name: 'contoso-ai-scale', publicNetworkAccess: false },
    customRole: { enabled: true },
    developers: Array.from({ length: count }, (_, i) => principal(i)),
    administrators: [{ kind: 'deployer', principalType: 'ServicePrincipal' }],
    // No bootstrap.json in a benchmark folder: the state is declared external on purpose.
    state: { resourceGroupName: 'rg-keyless-tfstate', storageAccountName: 'stkeylesstfstate01', containerName: 'tfstate', external: 'benchmark configuration without a bootstrap stack' },
  };
  fs.writeFileSync(path.join(dir, 'environments', 'scale.json'), JSON.stringify(env, null, 2));
  return dir;
}

module.exports = { writeScaleConfig };

if (require.main === module) {
  const [dir, count] = process.argv.slice(2);
  writeScaleConfig(dir, Number(count));
}
