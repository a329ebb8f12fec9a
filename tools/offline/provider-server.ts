import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { deleteBlockedByLock } from './azure-rules-network';
import {
  accountDataSourceKeys,
  applyErrors,
  applyPicker,
  azureStores,
  configureProvider,
  dataPicker,
  listResources,
  normalizeRoleDefinitionId,
  planModify,
  ProviderContext,
  replacePaths,
  validateDataSource,
  validateResource,
} from './azure-rules';
import { keylessNow, pimScheduleEnd, PimScheduleValues } from 'keyless-ai-inference/azure';
import { AzureStore, FakeDirectory } from './azure-store';
import { blockFromJson, CtyValue, decodeValue, encodeValue, isObject, isUnknown, JsonSchema } from './cty';
import { fillValues, OfflineDiagnostic, planComputed, ValuePath } from './planner';
import { LoadedProviderSchema, schemaToProto } from './schema-store';

/** Finds the .proto files next to this module, or one folder up when running compiled (tools/offline/dist/). */
function protoDir(): string {
  for (const dir of [__dirname, path.resolve(__dirname, '..')]) {
    if (fs.existsSync(path.join(dir, 'tfplugin6.proto'))) return dir;
  }
  throw new Error(`tfplugin6.proto not found next to ${__dirname} or in tools/offline/`);
}

/** The plugin protocol definitions (the server's and, in tests, a client's). */
export function loadProtos(): grpc.GrpcObject {
  const dir = protoDir();
  const def = protoLoader.loadSync(['tfplugin6.proto', 'go-plugin.proto', 'health.proto'], {
    includeDirs: [dir],
    keepCase: true,
    longs: Number,
    enums: Number,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(def);
}

type Req = Record<string, any>;
/** `peer`: the client connection of the call (one per provider configuration in Terraform). */
type Handler = (req: Req, peer: string) => object | Promise<object>;

const EMPTY_MSGPACK_NULL = encodeValue(null);

function toProtoDiagnostics(diags: readonly OfflineDiagnostic[]): object[] {
  return diags.map((d) => ({
    severity: d.severity === 'error' ? 1 : 2,
    summary: d.summary,
    detail: d.detail ?? '',
    attribute: d.path ? toProtoPath(d.path) : undefined,
  }));
}

function toProtoPath(p: ValuePath): object {
  return {
    steps: p.map((s) => (typeof s === 'string' ? { attribute_name: s } : typeof s === 'number' ? { element_key_int: s } : { element_key_string: s.key })),
  };
}

function dyn(v: CtyValue): object {
  return { msgpack: encodeValue(v) };
}

/** Options of one provider server. */
export interface OfflineProviderServerOptions {
  /** The provider schema to serve. */
  readonly schema: LoadedProviderSchema;
  /** Environment that stands in for the provider process's ARM_* variables. @default - process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Called for every RPC, for a log. @default - no log */
  readonly log?: (line: string) => void;
  /** "Azure": the objects that exist, shared by the providers of one server. @default - an in-memory store that is never saved */
  readonly store?: AzureStore;
  /** The fake Entra ID directory for look-ups. @default - deterministic fake IDs for every look-up */
  readonly directory?: FakeDirectory;
  /** File holding the clock (a `KEYLESS_NOW` value), read at each use while it exists: tests move it without a restart. @default - KEYLESS_NOW of `env` */
  readonly clockFile?: string;
}

/** `A resource with the ID ... already exists` (rm: internal/sdk/framework_resource.go:33, tf.ImportAsExistsError). */
function importAsExists(type: string, id: string): OfflineDiagnostic {
  return {
    severity: 'error',
    summary: `A resource with the ID ${JSON.stringify(id)} already exists - to be managed via Terraform this resource needs to be imported into the State. Please see the resource documentation for ${JSON.stringify(type)} for more information.`,
  };
}

const PIM_TYPES = new Set(['azurerm_pim_eligible_role_assignment', 'azurerm_pim_active_role_assignment']);
/** Types whose objects are role assignments in Azure (a PIM active assignment while it lasts). */
const ASSIGNMENT_TYPES = new Set(['azurerm_role_assignment', 'azurerm_pim_active_role_assignment']);

/** A PIM schedule's end as Azure computes it (fixed end, or start plus duration); undefined when permanent. */
function pimEnd(attributes: Record<string, unknown>): Date | undefined {
  const schedule = attributes.schedule;
  return pimScheduleEnd(Array.isArray(schedule) ? (schedule[0] as PimScheduleValues) : undefined);
}

/**
 * Azure refuses a PIM schedule request whose end has passed (the request is checked against the role's expiration rule;
 * wording as Azure returns it for that rule, hashicorp/terraform-provider-azurerm#22766 and #23432).
 */
function pimEndPassed(type: string, attributes: Record<string, unknown>, end: Date, now: Date): OfflineDiagnostic {
  const what = type === 'azurerm_pim_eligible_role_assignment' ? 'Role Eligibility Schedule Request' : 'Role Assignment Schedule Request';
  return {
    severity: 'error',
    summary: `creating Scoped ${what} (Scope: ${JSON.stringify(attributes.scope)}): unexpected status 400 (400 Bad Request) with error: ` +
      'RoleAssignmentRequestPolicyValidationFailed: The following policy rules failed: ["ExpirationRule"]',
    detail: `Offline: the schedule's end ${end.toISOString()} is not after now (${now.toISOString()}).`,
  };
}

/**
 * Azure's default PIM policy requires eligible assignments to end (Expiration_Admin_Eligibility, isExpirationRequired);
 * a permanent one is accepted only where an `azurerm_role_management_policy` of the scope and role allows it.
 */
function permanentEligibilityAllowed(store: AzureStore, attributes: Record<string, unknown>): boolean {
  return store.list().some(([, o]) => o.type === 'azurerm_role_management_policy' && sameText(o.attributes.scope, attributes.scope) &&
    sameText(normalizeRoleDefinitionId(String(o.attributes.role_definition_id ?? '')), normalizeRoleDefinitionId(String(attributes.role_definition_id ?? ''))) &&
    Array.isArray(o.attributes.eligible_assignment_rules) && (o.attributes.eligible_assignment_rules[0] as { expiration_required?: boolean })?.expiration_required === false);
}

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * One offline provider: a gRPC server speaking Terraform plugin protocol 6 with the real schema of
 * one provider (azurerm or azuread), planning and applying without any cloud API.
 */
export class OfflineProviderServer {
  private readonly server = new grpc.Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
  private readonly schema: LoadedProviderSchema;
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: (line: string) => void;
  private ctx: ProviderContext | undefined;
  /** Each configuration (default and aliases) is its own client connection: its context is kept by connection. */
  private readonly contexts = new Map<string, ProviderContext>();
  private readonly listeners: net.Server[] = [];
  private schemaBytes: Buffer | undefined;
  private readonly store: AzureStore;
  private readonly directory: FakeDirectory;
  private readonly clockFile: string | undefined;

  constructor(options: OfflineProviderServerOptions) {
    this.clockFile = options.clockFile;
    this.schema = options.schema;
    this.env = options.env ?? process.env;
    this.log = options.log ?? (() => undefined);
    this.store = options.store ?? new AzureStore();
    this.directory = options.directory ?? new FakeDirectory();
    const protos = loadProtos();
    const tf = protos.tfplugin6 as grpc.GrpcObject;
    const plugin = protos.plugin as grpc.GrpcObject;
    const health = ((protos.grpc as grpc.GrpcObject).health as grpc.GrpcObject).v1 as grpc.GrpcObject;

    // The provider schema is a large message: serialize it once and send the same bytes every time.
    const providerService = { ...(tf.Provider as grpc.ServiceClientConstructor).service };
    const gps = providerService.GetProviderSchema;
    providerService.GetProviderSchema = { ...gps, responseSerialize: (v: unknown) => (Buffer.isBuffer(v) ? v : gps.responseSerialize(v)) };
    this.schemaSerializer = (v) => gps.responseSerialize(v);

    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, fn] of Object.entries(this.handlers())) {
      impl[name] = (call: grpc.ServerUnaryCall<Req, object>, callback: grpc.sendUnaryData<object>) => {
        const started = Date.now();
        const failed = (e: unknown) => {
          this.log(`${name} ${call.request?.type_name ?? ''} FAILED ${(e as Error).stack}`);
          callback({ code: grpc.status.INTERNAL, details: `offline provider: ${(e as Error).message}` });
        };
        const done = (res: object) => {
          this.log(`${name} ${call.request?.type_name ?? ''} ${Date.now() - started}ms`);
          callback(null, res);
        };
        try {
          const res = fn(call.request, call.getPeer());
          if (res instanceof Promise) res.then(done, failed);
          else done(res);
        } catch (e) {
          failed(e);
        }
      };
    }
    this.server.addService(providerService, impl);

    this.server.addService((plugin.GRPCController as grpc.ServiceClientConstructor).service, {
      // A reattached (test-mode) provider outlives each Terraform run; the owner ends it by PID.
      Shutdown: (_call: unknown, cb: grpc.sendUnaryData<object>) => cb(null, {}),
    });
    this.server.addService((plugin.GRPCStdio as grpc.ServiceClientConstructor).service, {
      // Nothing is forwarded; the stream stays open until Terraform disconnects.
      StreamStdio: (call: grpc.ServerWritableStream<object, object>) => call.on('cancelled', () => call.end()),
    });
    this.server.addService((plugin.GRPCBroker as grpc.ServiceClientConstructor).service, {
      StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
        call.on('data', () => undefined);
        call.on('end', () => call.end());
      },
    });
    this.server.addService((health.Health as grpc.ServiceClientConstructor).service, {
      Check: (_call: unknown, cb: grpc.sendUnaryData<object>) => cb(null, { status: 1 }),
    });
  }

  private readonly schemaSerializer: (v: object) => Buffer;

  /** Listens on `unix:<path>` or `127.0.0.1:<port>` (port 0 picks one); resolves to the bound port (0 for unix). */
  public listen(address: string): Promise<number> {
    if (!address.startsWith('unix:') && !address.startsWith('127.0.0.1:')) {
      return Promise.reject(new Error(`refusing to listen on ${address}: use a unix socket or 127.0.0.1 only`));
    }
    if (address.startsWith('unix:')) {
      // A unix socket has no peer address: each connection gets its own name, which `call.getPeer()` reports.
      const injector = this.server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
      let connections = 0;
      const listener = net.createServer((socket) => {
        const name = `unix-connection-${++connections}`;
        Object.defineProperty(socket, 'remoteAddress', { value: name });
        socket.once('close', () => this.contexts.delete(name));
        injector.injectConnection(socket);
      });
      this.listeners.push(listener);
      return new Promise((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(address.slice('unix:'.length), () => resolve(0));
      });
    }
    return new Promise((resolve, reject) =>
      this.server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
  }

  /** Stops serving immediately. */
  public stop(): void {
    for (const l of this.listeners) l.close();
    this.server.forceShutdown();
  }

  private resourceSchema(type: string): JsonSchema {
    const s = this.schema.schema.resource_schemas?.[type];
    if (!s) throw new Error(`resource type ${type} is not in the ${this.schema.name} ${this.schema.version} schema`);
    return s;
  }

  private dataSchema(type: string): JsonSchema {
    const s = this.schema.schema.data_source_schemas?.[type];
    if (!s) throw new Error(`data source ${type} is not in the ${this.schema.name} ${this.schema.version} schema`);
    return s;
  }

  /** How long removing a PIM active assignment takes (OFFLINE_PIM_REMOVAL_MS; Azure: 10 s and more). */
  private get pimRemovalMs(): number {
    const ms = Number(this.env.OFFLINE_PIM_REMOVAL_MS ?? 1000);
    return Number.isFinite(ms) && ms >= 0 ? ms : 1000;
  }

  /** The clock: the clock file's `KEYLESS_NOW` value while it exists, else `KEYLESS_NOW` of the server's environment, else the system clock. */
  private now(): Date {
    if (this.clockFile) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(this.clockFile, 'utf8').trim();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      if (text !== undefined) return keylessNow({ KEYLESS_NOW: text });
    }
    return keylessNow(this.env);
  }

  /** The context of the connection's configuration; else the last configured one (single-configuration behaviour). */
  private context(peer: string): ProviderContext {
    // Validate-only runs never configure the provider; plausible values still need a context.
    return this.contexts.get(peer) ?? this.ctx ?? configureProvider(this.schema.name, { subscription_id: '00000000-0000-0000-0000-000000000000' }, this.env).ctx!;
  }

  private providerSchemaBytes(): Buffer {
    if (!this.schemaBytes) {
      const s = this.schema.schema;
      const map = (m: Record<string, JsonSchema> | undefined) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, schemaToProto(v)]));
      this.schemaBytes = this.schemaSerializer({
        provider: schemaToProto(s.provider),
        resource_schemas: map(s.resource_schemas),
        data_source_schemas: map(s.data_source_schemas),
        ephemeral_resource_schemas: map(s.ephemeral_resource_schemas),
        functions: {},
        diagnostics: [],
        server_capabilities: { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false },
      });
    }
    return this.schemaBytes;
  }

  private findResourceGroup(name: string): { objectId: string; location?: string } | undefined {
    const rg = this.store.list().find(([, o]) => o.type === 'azurerm_resource_group' && sameText(o.attributes.name, name));
    return rg ? { objectId: rg[0], location: String(rg[1].attributes.location ?? '') } : undefined;
  }

  /** ApplyResourceChange: the provider's Create/Update/Delete against the Azure store, then its Read. */
  private apply(req: Req, peer: string): object | Promise<object> {
    const type: string = req.type_name;
    const schema = this.resourceSchema(type);
    const prior = decodeValue(req.prior_state?.msgpack);
    const planned = decodeValue(req.planned_state?.msgpack);
    const fail = (diags: OfflineDiagnostic[]) => ({ new_state: req.prior_state ?? { msgpack: EMPTY_MSGPACK_NULL }, private: req.planned_private, diagnostics: toProtoDiagnostics(diags), legacy_type_system: true });
    if (planned === null) {
      // Delete: the Azure object goes, whichever Terraform address created it; a CanNotDelete lock at or above it refuses.
      const deleted = { new_state: { msgpack: EMPTY_MSGPACK_NULL }, diagnostics: [], legacy_type_system: true };
      if (isObject(prior) && typeof prior.id === 'string') {
        const locked = deleteBlockedByLock(prior.id, this.store.list(), type);
        if (locked.length > 0) return fail(locked);
        const id = prior.id;
        if (type === 'azurerm_pim_active_role_assignment') {
          // rm: authorization/pim_active_role_assignment_resource.go:555-626 (v4.55.0): an AdminRemove request, then a wait
          // (10 s polls) until the schedule is gone. Until then the role assignment exists: a standing grant of the same
          // principal, role and scope created meanwhile (in the same apply) gets RoleAssignmentExists, as in Azure.
          return new Promise((resolve) => setTimeout(() => {
            this.store.delete(id);
            resolve(deleted);
          }, this.pimRemovalMs));
        }
        this.store.delete(id);
      }
      return deleted;
    }
    const errors = applyErrors(type, prior, planned);
    if (errors.length > 0) return fail(errors);
    const ctx = this.context(peer);
    const pick = applyPicker(type, isObject(planned) ? planned : {}, { ...ctx, now: this.now().toISOString().replace(/\.\d+Z$/, 'Z') }, {
      principalType: (oid) => this.directory.principalType(oid),
      roleName: (guid) => {
        const def = this.store.list().find(([, o]) => o.type === 'azurerm_role_definition' && sameText(o.attributes.role_definition_id, guid));
        return def ? String(def[1].attributes.name) : undefined;
      },
    });
    const applied = fillValues(schema.block, planned, (v) => isUnknown(v), pick);
    const state = isObject(applied) ? azureStores(type, applied) : applied;
    const id = isObject(state) && typeof state.id === 'string' ? state.id : undefined;
    if (id) {
      if (prior === null) {
        // Create: azurerm checks for an existing object first (requires import).
        if (this.store.get(id)) return fail([importAsExists(type, id)]);
        if (PIM_TYPES.has(type) && isObject(state)) {
          const end = pimEnd(state as Record<string, unknown>);
          const now = this.now();
          if (end && end.getTime() <= now.getTime()) return fail([pimEndPassed(type, state as Record<string, unknown>, end, now)]);
          if (!end && type === 'azurerm_pim_eligible_role_assignment' && !permanentEligibilityAllowed(this.store, state as Record<string, unknown>)) {
            return fail([{
              severity: 'error',
              summary: `creating Scoped Role Eligibility Schedule Request (Scope: ${JSON.stringify(state.scope)}): unexpected status 400 (400 Bad Request) with error: ` +
                'RoleAssignmentRequestPolicyValidationFailed: The following policy rules failed: ["ExpirationRule"]',
              detail: 'Offline: no azurerm_role_management_policy of this scope and role allows permanent eligible assignments (Azure\'s default requires an end).',
            }]);
          }
        }
        // A PIM active assignment is an ordinary role assignment while it lasts: the two kinds conflict with each other.
        if ((type === 'azurerm_role_assignment' || type === 'azurerm_pim_active_role_assignment') && isObject(state)) {
          const roleId = normalizeRoleDefinitionId(String(state.role_definition_id ?? ''));
          const dup = this.store
            .list()
            .find(([, o]) => ASSIGNMENT_TYPES.has(o.type) && sameText(o.attributes.scope, state.scope) && sameText(o.attributes.principal_id, state.principal_id) && sameText(normalizeRoleDefinitionId(String(o.attributes.role_definition_id ?? '')), roleId));
          if (dup) {
            return fail([
              {
                severity: 'error',
                summary: `creating ${type === 'azurerm_role_assignment' ? `Scoped Role Assignment (Scope: ${JSON.stringify(state.scope)}, Role Assignment Name: ${JSON.stringify(state.name)})` : `Scoped Role Assignment Schedule Request (Scope: ${JSON.stringify(state.scope)})`}: unexpected status 409 (409 Conflict) with error: RoleAssignmentExists: The role assignment already exists.`,
                detail: `Offline: the existing assignment is ${dup[0]}.`,
              },
            ]);
          }
        }
      } else if (isObject(prior) && typeof prior.id === 'string' && prior.id.toLowerCase() !== id.toLowerCase()) {
        this.store.delete(prior.id);
      }
      this.store.put(id, type, state as Record<string, unknown>);
    }
    return { new_state: dyn(state), private: req.planned_private, diagnostics: [], legacy_type_system: true };
  }

  private handlers(): Record<string, Handler> {
    const s = this.schema.schema;
    return {
      GetMetadata: () => ({
        server_capabilities: { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false },
        resources: Object.keys(s.resource_schemas ?? {}).map((type_name) => ({ type_name })),
        data_sources: Object.keys(s.data_source_schemas ?? {}).map((type_name) => ({ type_name })),
        ephemeral_resources: Object.keys(s.ephemeral_resource_schemas ?? {}).map((type_name) => ({ type_name })),
        functions: [],
        diagnostics: [],
      }),
      GetProviderSchema: () => this.providerSchemaBytes(),
      ValidateProviderConfig: () => ({ diagnostics: [] }),
      ConfigureProvider: (req, peer) => {
        const { ctx, diagnostics } = configureProvider(this.schema.name, decodeValue(req.config?.msgpack), this.env);
        if (ctx) {
          this.ctx = ctx;
          if (peer !== 'unknown') this.contexts.set(peer, ctx);
        }
        return { diagnostics: toProtoDiagnostics(diagnostics) };
      },
      ValidateResourceConfig: (req) => {
        this.resourceSchema(req.type_name);
        return { diagnostics: toProtoDiagnostics(validateResource(req.type_name, decodeValue(req.config?.msgpack))) };
      },
      ValidateDataResourceConfig: (req) => {
        this.dataSchema(req.type_name);
        return { diagnostics: toProtoDiagnostics(validateDataSource(req.type_name, decodeValue(req.config?.msgpack))) };
      },
      UpgradeResourceState: (req) => {
        const schema = this.resourceSchema(req.type_name);
        const raw = req.raw_state?.json as Buffer | undefined;
        if (!raw || raw.length === 0) {
          return { diagnostics: toProtoDiagnostics([{ severity: 'error', summary: 'The offline provider only reads JSON state (no legacy flatmap state).' }]) };
        }
        return { upgraded_state: dyn(blockFromJson(schema.block, JSON.parse(raw.toString('utf8')))), diagnostics: [] };
      },
      ReadResource: (req) => {
        // Azure's read-back: the provider's Read overwrites state with what Azure has (or drops a deleted object).
        const schema = this.resourceSchema(req.type_name);
        const current = decodeValue(req.current_state?.msgpack);
        const id = isObject(current) && typeof current.id === 'string' ? current.id : undefined;
        if (!id) return { new_state: req.current_state, private: req.private, diagnostics: [] };
        const found = this.store.get(id);
        if (!found) return { new_state: { msgpack: EMPTY_MSGPACK_NULL }, private: req.private, diagnostics: [] };
        // A PIM schedule past its end is no longer listed by Azure: the provider's Read marks it gone
        // (pim_active_role_assignment_resource.go:379, pim_eligible_role_assignment_resource.go:409 at v4.55.0).
        const end = PIM_TYPES.has(req.type_name) ? pimEnd(found.attributes) : undefined;
        if (end && end.getTime() <= this.now().getTime()) {
          this.store.delete(id);
          return { new_state: { msgpack: EMPTY_MSGPACK_NULL }, private: req.private, diagnostics: [] };
        }
        const merged: Record<string, unknown> = { ...(current as object) };
        for (const [k, v] of Object.entries(found.attributes)) if (k in merged && k !== 'timeouts') merged[k] = v;
        return { new_state: dyn(blockFromJson(schema.block, merged)), private: req.private, diagnostics: [] };
      },
      PlanResourceChange: (req) => {
        const schema = this.resourceSchema(req.type_name);
        const prior = decodeValue(req.prior_state?.msgpack);
        const proposed = decodeValue(req.proposed_new_state?.msgpack);
        const config = decodeValue(req.config?.msgpack);
        if (proposed === null) return { planned_state: { msgpack: EMPTY_MSGPACK_NULL }, planned_private: req.prior_private, requires_replace: [], diagnostics: [] };
        const diagnostics = validateResource(req.type_name, config);
        const priorOrUndefined = prior === null ? undefined : prior;
        const planned = planModify(req.type_name, config, priorOrUndefined, planComputed(schema.block, config, proposed, priorOrUndefined));
        const replace = prior === null ? [] : replacePaths(req.type_name, prior, planned);
        return {
          planned_state: dyn(planned),
          requires_replace: replace.map(toProtoPath),
          planned_private: req.prior_private,
          diagnostics: toProtoDiagnostics(diagnostics),
          // As the SDK-based azurerm/azuread do: Terraform accepts defaults and normalised values in the plan.
          legacy_type_system: true,
        };
      },
      ApplyResourceChange: (req, peer) => this.apply(req, peer),
      ImportResourceState: (req) => {
        // The SDK's importers set only the ID; ReadResource then reads the object (or Terraform reports
        // "Cannot import non-existent remote object").
        const schema = this.resourceSchema(req.type_name);
        const id = this.store.list().find(([k]) => k.toLowerCase() === String(req.id).toLowerCase())?.[0] ?? req.id;
        return { imported_resources: [{ type_name: req.type_name, state: dyn(blockFromJson(schema.block, { id })), private: Buffer.alloc(0) }], diagnostics: [] };
      },
      MoveResourceState: () => ({
        diagnostics: toProtoDiagnostics([{ severity: 'error', summary: 'Moving state between resource types is not available offline' }]),
      }),
      ReadDataSource: (req, peer) => {
        const schema = this.dataSchema(req.type_name);
        const config = decodeValue(req.config?.msgpack);
        const cfg = isObject(config) ? config : {};
        const invalid = validateDataSource(req.type_name, config);
        const { entry, diagnostics } = invalid.length > 0 ? { entry: undefined, diagnostics: [] } : this.directory.lookup(req.type_name, cfg);
        if (diagnostics.length > 0) return { state: { msgpack: EMPTY_MSGPACK_NULL }, diagnostics: toProtoDiagnostics(diagnostics) };
        const rgFound = req.type_name === 'azurerm_resource_group' && typeof cfg.name === 'string' ? this.findResourceGroup(cfg.name) : undefined;
        const base = dataPicker(req.type_name, cfg, this.context(peer), entry ?? rgFound);
        // An account that exists in "Azure" (seeded from an export, or applied) is read as it is there.
        const stored = req.type_name === 'azurerm_cognitive_account' && typeof cfg.name === 'string'
          ? this.store.list().find(([, o]) => o.type === 'azurerm_cognitive_account' && sameText(o.attributes.name, cfg.name) && sameText(o.attributes.resource_group_name, cfg.resource_group_name))?.[1].attributes
          : undefined;
        let pick: typeof base = stored ? (p, name, type) => (p.length === 1 && stored[name] !== undefined && stored[name] !== null && (typeof stored[name] !== 'object' || name === 'tags') ? (stored[name] as CtyValue) : base(p, name, type)) : base;
        if (req.type_name === 'azurerm_cognitive_account' && invalid.length === 0) {
          // The data source lists the keys whenever local auth is on: into the state, or a 403 for a caller without listKeys.
          const localAuthEnabled = stored ? stored.local_auth_enabled !== false : false;
          const id = typeof stored?.id === 'string' ? stored.id : String(base(['id'], 'id', 'string'));
          const { keys, error } = accountDataSourceKeys({ id, localAuthEnabled }, this.context(peer), this.env);
          if (error) return { state: { msgpack: EMPTY_MSGPACK_NULL }, diagnostics: toProtoDiagnostics([{ severity: 'error', summary: error }]) };
          const inner = pick;
          pick = (p, name, type) => (p.length === 1 && name === 'primary_access_key' ? keys?.primary ?? ''
            : p.length === 1 && name === 'secondary_access_key' ? keys?.secondary ?? '' : inner(p, name, type));
        }
        if (req.type_name === 'azurerm_resources' && invalid.length === 0) {
          const { resources, error } = listResources(this.store.list().map(([id, o]) => ({ id, attributes: o.attributes })), cfg, this.context(peer));
          if (error) return { state: { msgpack: EMPTY_MSGPACK_NULL }, diagnostics: toProtoDiagnostics([{ severity: 'error', summary: error }]) };
          const inner = pick;
          pick = (p, name, type) => (p.length === 1 && name === 'resources' ? (resources as unknown as CtyValue) : inner(p, name, type));
        }
        const state = fillValues(schema.block, config, (v, attr) => v === null && !!attr.computed, pick);
        return { state: dyn(state), diagnostics: toProtoDiagnostics(invalid) };
      },
      ValidateEphemeralResourceConfig: () => ({ diagnostics: [] }),
      OpenEphemeralResource: (req) => ({
        diagnostics: toProtoDiagnostics([{ severity: 'error', summary: `Ephemeral resource ${req.type_name} is not available offline` }]),
      }),
      RenewEphemeralResource: () => ({ diagnostics: [] }),
      CloseEphemeralResource: () => ({ diagnostics: [] }),
      GetFunctions: () => ({ functions: {}, diagnostics: [] }),
      CallFunction: (req) => ({ error: { text: `function ${req.name} is not provided by the offline ${this.schema.name} provider` } }),
      StopProvider: () => ({ Error: '' }),
    };
  }
}
