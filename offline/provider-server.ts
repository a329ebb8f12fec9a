import * as fs from 'fs';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { applyPicker, configureProvider, dataPicker, ProviderContext, replacePaths, validateDataSource, validateResource } from './azure-rules';
import { blockFromJson, CtyValue, decodeValue, encodeValue, isObject, isUnknown, JsonSchema } from './cty';
import { fillValues, OfflineDiagnostic, planComputed, ValuePath } from './planner';
import { LoadedProviderSchema, schemaToProto } from './schema-store';

/** Finds the .proto files next to this module, or in the source folder when running from dist/. */
function protoDir(): string {
  for (const dir of [__dirname, path.resolve(__dirname, '../../offline')]) {
    if (fs.existsSync(path.join(dir, 'tfplugin6.proto'))) return dir;
  }
  throw new Error(`tfplugin6.proto not found next to ${__dirname} or in the project's offline/ folder`);
}

function loadProtos(): grpc.GrpcObject {
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
type Handler = (req: Req) => object;

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
  private schemaBytes: Buffer | undefined;

  constructor(options: OfflineProviderServerOptions) {
    this.schema = options.schema;
    this.env = options.env ?? process.env;
    this.log = options.log ?? (() => undefined);
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
        try {
          const res = fn(call.request);
          this.log(`${name} ${call.request?.type_name ?? ''} ${Date.now() - started}ms`);
          callback(null, res);
        } catch (e) {
          this.log(`${name} ${call.request?.type_name ?? ''} FAILED ${(e as Error).stack}`);
          callback({ code: grpc.status.INTERNAL, details: `offline provider: ${(e as Error).message}` });
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
    return new Promise((resolve, reject) =>
      this.server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
  }

  /** Stops serving immediately. */
  public stop(): void {
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

  private context(): ProviderContext {
    // Validate-only runs never configure the provider; plausible values still need a context.
    return this.ctx ?? configureProvider(this.schema.name, { subscription_id: '00000000-0000-0000-0000-000000000000' }, this.env).ctx!;
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
      ConfigureProvider: (req) => {
        const { ctx, diagnostics } = configureProvider(this.schema.name, decodeValue(req.config?.msgpack), this.env);
        if (ctx) this.ctx = ctx;
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
      ReadResource: (req) => ({ new_state: req.current_state, private: req.private, diagnostics: [] }),
      PlanResourceChange: (req) => {
        const schema = this.resourceSchema(req.type_name);
        const prior = decodeValue(req.prior_state?.msgpack);
        const proposed = decodeValue(req.proposed_new_state?.msgpack);
        const config = decodeValue(req.config?.msgpack);
        if (proposed === null) return { planned_state: { msgpack: EMPTY_MSGPACK_NULL }, planned_private: req.prior_private, requires_replace: [], diagnostics: [] };
        const diagnostics = validateResource(req.type_name, config);
        const planned = planComputed(schema.block, config, proposed, prior === null ? undefined : prior);
        const replace = prior === null ? [] : replacePaths(req.type_name, prior, planned);
        return {
          planned_state: dyn(planned),
          requires_replace: replace.map(toProtoPath),
          planned_private: req.prior_private,
          diagnostics: toProtoDiagnostics(diagnostics),
        };
      },
      ApplyResourceChange: (req) => {
        const schema = this.resourceSchema(req.type_name);
        const planned = decodeValue(req.planned_state?.msgpack);
        if (planned === null) return { new_state: { msgpack: EMPTY_MSGPACK_NULL }, diagnostics: [] };
        const pick = applyPicker(req.type_name, isObject(planned) ? planned : {}, this.context());
        const applied = fillValues(schema.block, planned, (v) => isUnknown(v), pick);
        return { new_state: dyn(applied), private: req.planned_private, diagnostics: [] };
      },
      ImportResourceState: (req) => ({
        imported_resources: [],
        diagnostics: toProtoDiagnostics([
          { severity: 'error', summary: 'Import is not available offline', detail: `The offline provider cannot read ${req.type_name} "${req.id}" from Azure.` },
        ]),
      }),
      MoveResourceState: () => ({
        diagnostics: toProtoDiagnostics([{ severity: 'error', summary: 'Moving state between resource types is not available offline' }]),
      }),
      ReadDataSource: (req) => {
        const schema = this.dataSchema(req.type_name);
        const config = decodeValue(req.config?.msgpack);
        const pick = dataPicker(req.type_name, isObject(config) ? config : {}, this.context());
        const state = fillValues(schema.block, config, (v, attr) => v === null && !!attr.computed, pick);
        return { state: dyn(state), diagnostics: toProtoDiagnostics(validateDataSource(req.type_name, config)) };
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
