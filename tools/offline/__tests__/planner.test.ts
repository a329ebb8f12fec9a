import { decodeValue, encodeValue, isUnknown, JsonBlock, Unknown } from '../cty';
import { fillValues, planComputed } from '../planner';

// A block shaped like azurerm_cognitive_account's: computed id/endpoint, optional+computed name, and a list block with computed attributes.
const BLOCK: JsonBlock = {
  attributes: {
    id: { type: 'string', optional: true, computed: true },
    name: { type: 'string', required: true },
    endpoint: { type: 'string', computed: true },
    tags: { type: ['map', 'string'], optional: true },
    scopes: { type: ['list', 'string'], optional: true, computed: true },
  },
  block_types: {
    identity: {
      nesting_mode: 'list',
      max_items: 1,
      block: { attributes: { type: { type: 'string', required: true }, principal_id: { type: 'string', computed: true } } },
    },
  },
};

describe('cty msgpack values', () => {
  test('an unknown is written as cty writes it (fixext1, type 0) and read back as Unknown', () => {
    const bytes = encodeValue({ a: Unknown.PLAIN, b: 'x', c: null });
    expect(bytes.includes(Buffer.from([0xd4, 0x00, 0x00]))).toBe(true);
    const back = decodeValue(bytes) as Record<string, unknown>;
    expect(isUnknown(back.a as Unknown)).toBe(true);
    expect(back.b).toBe('x');
    expect(back.c).toBeNull();
  });

  test('a refined unknown (extension type 12) travels back byte for byte', () => {
    // ext8, type 12, payload {1: true} (a "not null" refinement)
    const refined = Buffer.from([0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc3]);
    const value = decodeValue(refined);
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).code).toBe(12);
    expect(Buffer.compare(encodeValue(value), refined)).toBe(0);
  });

  test('empty bytes mean null', () => {
    expect(decodeValue(Buffer.alloc(0))).toBeNull();
  });
});

describe('planComputed', () => {
  const config = { id: null, name: 'a', endpoint: null, tags: null, scopes: null, identity: [{ type: 'SystemAssigned', principal_id: null }] };

  test('on create, computed attributes that are null in config become unknown; arguments stay as configured', () => {
    const planned = planComputed(BLOCK, config, config, undefined) as Record<string, any>;
    expect(planned.id).toBeInstanceOf(Unknown);
    expect(planned.endpoint).toBeInstanceOf(Unknown);
    expect(planned.scopes).toBeInstanceOf(Unknown);
    expect(planned.identity[0].principal_id).toBeInstanceOf(Unknown);
    expect(planned.name).toBe('a');
    expect(planned.tags).toBeNull();
  });

  test('a configured value of an optional+computed attribute is kept', () => {
    const planned = planComputed(BLOCK, { ...config, id: 'given' }, { ...config, id: 'given' }, undefined) as Record<string, any>;
    expect(planned.id).toBe('given');
  });

  test('on update the proposed state (prior values for computed attributes) is the plan: no spurious change', () => {
    const prior = { ...config, id: '/x', endpoint: 'https://a/', scopes: [], identity: [{ type: 'SystemAssigned', principal_id: 'p' }] };
    const planned = planComputed(BLOCK, config, prior, prior);
    expect(planned).toEqual(prior);
  });

  test('a block element that is new in an update gets unknown computed attributes', () => {
    const prior = { ...config, id: '/x', endpoint: 'e', scopes: [], identity: [] };
    const proposed = { ...prior, identity: [{ type: 'SystemAssigned', principal_id: null }] };
    const planned = planComputed(BLOCK, config, proposed, prior) as Record<string, any>;
    expect(planned.identity[0].principal_id).toBeInstanceOf(Unknown);
    expect(planned.id).toBe('/x');
  });
});

describe('fillValues', () => {
  test('replaces only the selected values, using the picker first and type defaults after', () => {
    const planned = { id: Unknown.PLAIN, name: 'a', endpoint: Unknown.PLAIN, tags: null, scopes: Unknown.PLAIN, identity: [{ type: 'SystemAssigned', principal_id: Unknown.PLAIN }] };
    const filled = fillValues(BLOCK, planned, (v) => isUnknown(v), (path, name) => (name === 'id' ? `/id/${path.join('.')}` : name === 'principal_id' ? `pid@${path.join('.')}` : undefined));
    expect(filled).toEqual({ id: '/id/id', name: 'a', endpoint: '', tags: null, scopes: [], identity: [{ type: 'SystemAssigned', principal_id: 'pid@identity.0.principal_id' }] });
  });
});
