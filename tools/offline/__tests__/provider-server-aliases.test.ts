import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import { encodeValue, decodeValue, Unknown, CtyValue } from '../cty';
import { loadProtos, OfflineProviderServer } from '../provider-server';
import { defaultSchemasDir, loadProviderSchema, onlyTypes } from '../schema-store';

const SUB_DEFAULT = '00000000-0000-0000-0000-000000000002';
const SUB_HUB = '00000000-0000-0000-0000-0000000000ff';

/**
 * Terraform talks to each configuration of a provider (the default one and every alias) over its own client
 * connection to the same reattached server: each must keep its own subscription, whatever the order of calls.
 */
describe('offline provider server: several configurations of one provider (aliases)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-alias-'));
  const socket = path.join(dir, 'azurerm.sock');
  const Provider = ((loadProtos().tfplugin6 as grpc.GrpcObject).Provider as grpc.ServiceClientConstructor);
  let server: OfflineProviderServer;
  const clients: grpc.Client[] = [];

  beforeAll(async () => {
    const schema = onlyTypes(loadProviderSchema(defaultSchemasDir(), 'azurerm'), ['azurerm_resource_group']);
    server = new OfflineProviderServer({ schema, env: {} });
    await server.listen(`unix:${socket}`);
  });

  afterAll(() => {
    for (const c of clients) c.close();
    server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One client connection, as Terraform's GRPCProvider opens per provider configuration (no shared subchannel). */
  const connect = () => {
    const c = new Provider(`unix:${socket}`, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
    clients.push(c);
    return c;
  };
  const call = (c: grpc.Client, method: string, req: object) =>
    new Promise<Record<string, any>>((resolve, reject) =>
      (c as unknown as Record<string, (r: object, cb: (e: Error | null, res: Record<string, any>) => void) => void>)[method](req, (e, res) => (e ? reject(e) : resolve(res))));
  const configure = async (c: grpc.Client, subscriptionId: string) => {
    const res = await call(c, 'ConfigureProvider', { config: { msgpack: encodeValue({ subscription_id: subscriptionId, features: [] }) } });
    expect(res.diagnostics).toEqual([]);
  };
  const createGroup = async (c: grpc.Client, name: string) => {
    const planned: CtyValue = { id: Unknown.PLAIN, name, location: 'swedencentral', managed_by: null, tags: null, timeouts: null };
    const res = await call(c, 'ApplyResourceChange', {
      type_name: 'azurerm_resource_group', prior_state: { msgpack: encodeValue(null) }, planned_state: { msgpack: encodeValue(planned) }, config: { msgpack: encodeValue(planned) },
    });
    expect(res.diagnostics).toEqual([]);
    return (decodeValue(res.new_state.msgpack) as Record<string, CtyValue>).id;
  };

  test('each connection creates in its own subscription, whichever was configured last', async () => {
    const main = connect();
    const hub = connect();
    await configure(main, SUB_DEFAULT);
    await configure(hub, SUB_HUB);
    // Before contexts were kept per connection, the last ConfigureProvider (the hub's) won for both.
    expect(await createGroup(main, 'rg-main')).toBe(`/subscriptions/${SUB_DEFAULT}/resourceGroups/rg-main`);
    expect(await createGroup(hub, 'rg-hub')).toBe(`/subscriptions/${SUB_HUB}/resourceGroups/rg-hub`);
    await configure(main, SUB_DEFAULT);
    expect(await createGroup(hub, 'rg-hub-2')).toBe(`/subscriptions/${SUB_HUB}/resourceGroups/rg-hub-2`);
  });

  test('a connection that never configured the provider falls back to the last configured one', async () => {
    const main = connect();
    await configure(main, SUB_DEFAULT);
    expect(await createGroup(connect(), 'rg-unconfigured')).toBe(`/subscriptions/${SUB_DEFAULT}/resourceGroups/rg-unconfigured`);
  });
});
