'use strict';
// Writes a configuration folder granting `count` principals: mixed types, half given by object ID and half looked up in
// Entra ID (one data source each). Azure allows 4,000 role assignments per subscription (the library refuses more), so the
// principals are spread over environments of at most PER_SUBSCRIPTION each, one subscription apiece: one app, one synth.
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

const PER_SUBSCRIPTION = 2500;

function writeScaleConfig(dir, count) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'environments'), { recursive: true });
  const parts = Math.max(1, Math.ceil(count / PER_SUBSCRIPTION));
  const names = [];
  for (let p = 0; p < parts; p++) {
    const name = parts === 1 ? 'scale' : `scale-${p + 1}`;
    names.push(name);
    const from = Math.floor((count * p) / parts);
    const to = Math.floor((count * (p + 1)) / parts);
    const env = {
      subscriptionId: `00000000-0000-0000-0000-${String(p + 1).padStart(12, '0')}`,
      tenantId: '72f988bf-0000-0000-0000-0000000000aa',
      location: 'swedencentral',
      resourceGroup: { name: `rg-ai-inference-${name}`, create: true },
      account: { name: `contoso-ai-${name}`, publicNetworkAccess: false },
      customRole: { enabled: true },
      developers: Array.from({ length: to - from }, (_, i) => principal(from + i)),
      administrators: [{ kind: 'deployer', principalType: 'ServicePrincipal' }],
      // No bootstrap.json in a benchmark folder: the state is declared external on purpose.
      state: { resourceGroupName: 'rg-keyless-tfstate', storageAccountName: 'stkeylesstfstate01', containerName: 'tfstate', key: `${name}.tfstate`, external: 'benchmark configuration without a bootstrap stack' },
    };
    fs.writeFileSync(path.join(dir, 'environments', `${name}.json`), JSON.stringify(env, null, 2));
  }
  return { dir, stacks: names };
}

module.exports = { writeScaleConfig };

if (require.main === module) {
  const [dir, count] = process.argv.slice(2);
  writeScaleConfig(dir, Number(count));
}
