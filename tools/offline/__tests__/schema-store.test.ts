import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { pinsFor, typesFor } from '../offline-workspace';
import { LoadedProviderSchema, loadProviderSchema, onlyTypes, satisfiesConstraint, schemaToProto } from '../schema-store';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fixtureDir(files: Record<string, object>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-schemas-'));
  made.push(dir);
  for (const [name, doc] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), zlib.gzipSync(JSON.stringify(doc)));
  return dir;
}

const doc = (name: string) => ({
  format_version: '1.0',
  provider_schemas: { [`registry.terraform.io/hashicorp/${name}`]: { provider: { version: 0, block: {} }, resource_schemas: {} } },
});

function stackWithPin(version: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-stack-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: { required_providers: { azurerm: { source: 'azurerm', version } } } }));
  return dir;
}

describe('version constraints', () => {
  test.each([
    ['4.55.0', '4.55.0', true],
    ['4.55.0', '= 4.55.0', true],
    ['4.55.0', '4.56.0', false],
    ['4.55.0', '~> 4.55', true],
    ['4.55.0', '~> 4.50.0', false],
    ['4.55.0', '>= 4.0, < 5.0', true],
    ['4.55.0', '>= 5.0', false],
  ])('%s satisfies "%s": %s', (version, constraint, expected) => {
    expect(satisfiesConstraint(version, constraint)).toBe(expected);
  });
});

describe('loading schemas', () => {
  test('a missing provider names the directory and the command that produces it', () => {
    const dir = fixtureDir({});
    expect(() => loadProviderSchema(dir, 'azurerm')).toThrow(/No schema for provider "azurerm" in .*npm run schemas/);
  });

  test('picks the requested version and finds the provider by address', () => {
    const dir = fixtureDir({ 'azurerm-4.55.0.schema.json.gz': doc('azurerm'), 'azurerm-4.54.0.schema.json.gz': doc('azurerm') });
    const s = loadProviderSchema(dir, 'azurerm', '4.54.0');
    expect(s.version).toBe('4.54.0');
    expect(s.address).toBe('registry.terraform.io/hashicorp/azurerm');
    expect(loadProviderSchema(dir, 'azurerm').version).toBe('4.55.0');
  });

  test('a stack pinned to another version than the served schema fails with a clear message', () => {
    const dir = fixtureDir({ 'azurerm-4.55.0.schema.json.gz': doc('azurerm') });
    expect(pinsFor([stackWithPin('4.55.0')], dir)).toEqual({ azurerm: '4.55.0' });
    expect(() => pinsFor([stackWithPin('4.56.0')], dir)).toThrow(/pins azurerm "4\.56\.0", but the offline schemas in .* are for azurerm 4\.55\.0.*npm run schemas/);
  });
});

describe('schema conversion to the protocol', () => {
  test('types become JSON bytes; nesting modes become the protocol enums', () => {
    const proto = schemaToProto({
      version: 1,
      block: {
        attributes: { tags: { type: ['map', 'string'], optional: true } },
        block_types: { permissions: { nesting_mode: 'list', block: {}, min_items: 1 }, timeouts: { nesting_mode: 'single', block: {} } },
      },
    }) as any;
    expect(proto.version).toBe(1);
    expect(proto.block.attributes[0].type.toString()).toBe('["map","string"]');
    expect(proto.block.attributes[0].optional).toBe(true);
    expect(proto.block.block_types.map((b: any) => [b.type_name, b.nesting, b.min_items])).toEqual([
      ['permissions', 2, 1],
      ['timeouts', 1, 0],
    ]);
  });
});

describe('serving only the types the stacks use', () => {
  test('typesFor lists the resource and data source types of the synthesized stacks; onlyTypes keeps those and the provider block', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'types-'));
    for (const [name, json] of Object.entries({
      a: { resource: { azurerm_role_assignment: { x: {} } }, data: { azuread_user: { u: {} } } },
      b: { resource: { azurerm_resource_group: { rg: {} }, azurerm_role_assignment: { y: {} } } },
    })) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'cdk.tf.json'), JSON.stringify(json));
    }
    const types = typesFor([path.join(dir, 'a'), path.join(dir, 'b')]);
    expect(types).toEqual(['azuread_user', 'azurerm_resource_group', 'azurerm_role_assignment']);
    const block = { version: 0, block: {} };
    const loaded = {
      name: 'azurerm', address: 'registry.terraform.io/hashicorp/azurerm', version: '4.55.0', file: 'x',
      schema: { provider: block, resource_schemas: { azurerm_role_assignment: block, azurerm_storage_account: block }, data_source_schemas: { azurerm_client_config: block } },
    } as unknown as LoadedProviderSchema;
    const served = onlyTypes(loaded, types).schema;
    expect(Object.keys(served.resource_schemas ?? {})).toEqual(['azurerm_role_assignment']);
    expect(Object.keys(served.data_source_schemas ?? {})).toEqual([]);
    expect(served.provider).toBe(block);
    expect(onlyTypes(loaded, undefined)).toBe(loaded);
  });

  test('typesFor adds the types the state files hold (what the plan must read to delete), skipping missing state files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'types-state-'));
    made.push(dir);
    fs.mkdirSync(path.join(dir, 'dev'));
    fs.writeFileSync(path.join(dir, 'dev', 'cdk.tf.json'), JSON.stringify({ resource: { azurerm_role_assignment: { x: {} } } }));
    const state = path.join(dir, 'terraform.tfstate');
    fs.writeFileSync(state, JSON.stringify({
      version: 4,
      resources: [
        { mode: 'managed', type: 'azurerm_pim_active_role_assignment', name: 'temp', instances: [] },
        { mode: 'data', type: 'azuread_group', name: 'admins', instances: [] },
        { mode: 'managed', type: 'azurerm_role_assignment', name: 'x', instances: [] },
      ],
    }));
    expect(typesFor([path.join(dir, 'dev')])).toEqual(['azurerm_role_assignment']);
    expect(typesFor([path.join(dir, 'dev')], [state, path.join(dir, 'missing', 'terraform.tfstate')])).toEqual([
      'azuread_group', 'azurerm_pim_active_role_assignment', 'azurerm_role_assignment',
    ]);
    fs.writeFileSync(state, '{ not json');
    expect(() => typesFor([path.join(dir, 'dev')], [state])).toThrow(/cannot read the Terraform state .*terraform\.tfstate/);
  });
});
