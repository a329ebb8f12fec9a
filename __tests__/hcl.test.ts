import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { HclConversionError, terraformJsonToHcl } from '../app/hcl';
import { tempDir } from '../tools/offline/test-support/harness';

jest.setTimeout(120_000);

const ENV = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };

function terraform(dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const res = spawnSync('terraform', args, { cwd: dir, env: ENV, encoding: 'utf8' });
  return { code: res.status ?? 1, stdout: res.stdout, stderr: res.stderr };
}

/** What a plan decides, without the configuration section (which records expressions, and so differs between syntaxes). */
function decisions(planJson: string): unknown {
  const plan = JSON.parse(planJson) as {
    resource_changes?: unknown[];
    output_changes?: unknown;
    planned_values?: unknown;
    prior_state?: unknown;
  };
  return {
    resource_changes: plan.resource_changes,
    output_changes: plan.output_changes,
    planned_values: plan.planned_values,
    prior_state: plan.prior_state,
  };
}

/**
 * Plans a folder that needs no provider but Terraform's built-in one; returns the plan JSON or the failure. No `init`: the
 * built-in provider is never installed and the folder has no backend (Terraform plans it as it is).
 */
function planBuiltin(dir: string): { ok: true; json: string } | { ok: false; stderr: string } {
  const plan = terraform(dir, 'plan', '-input=false', '-no-color', '-out=p.tfplan');
  if (plan.code !== 0) return { ok: false, stderr: plan.stderr };
  return { ok: true, json: terraform(dir, 'show', '-json', 'p.tfplan').stdout };
}

const hasTerraform = spawnSync('terraform', ['version'], { env: ENV }).status === 0;
const withTerraform = hasTerraform || process.env.CI === 'true' ? describe : describe.skip;

describe('terraformJsonToHcl', () => {
  test('meta-arguments: depends_on and ignore_changes are references, preconditions and postconditions are blocks', () => {
    const hcl = terraformJsonToHcl(
      {
        resource: {
          terraform_data: {
            a: { input: 'x' },
            b: {
              depends_on: ['terraform_data.a'],
              provider: 'terraform',
              lifecycle: {
                ignore_changes: ['input'],
                replace_triggered_by: ['${terraform_data.a}'],
                precondition: [{ condition: '${1 == 1}', error_message: 'one' }],
                postcondition: [
                  { condition: '${self.id != ""}', error_message: 'two' },
                  { condition: '${true}', error_message: 'three' },
                ],
              },
            },
          },
        },
      },
      {},
    );
    expect(hcl).toContain('depends_on = [terraform_data.a]');
    expect(hcl).toContain('provider = terraform');
    expect(hcl).toContain('ignore_changes = [input]');
    expect(hcl).toContain('replace_triggered_by = [terraform_data.a]');
    expect(hcl).toMatch(/precondition \{\n\s+condition = 1 == 1\n\s+error_message = "one"\n\s+\}/);
    expect(hcl.match(/postcondition \{/g)).toHaveLength(2);
    expect(hcl).not.toContain('precondition =');
  });

  test('keys the bindings mark as blocks become blocks; the same shape elsewhere stays an attribute', () => {
    const hcl = terraformJsonToHcl(
      {
        provider: { azurerm: [{ features: [{}] }] },
        resource: {
          azurerm_x: {
            r: { identity: [{ type: 'SystemAssigned' }], network_acls: null, timeouts: [], tags: { 'managed-by': 'k', env: 'dev' } },
          },
        },
      },
      { 'provider.azurerm': { features: {} }, 'resource.azurerm_x': { identity: {}, network_acls: {}, timeouts: {} } },
    );
    expect(hcl).toContain('  features {}');
    expect(hcl).toMatch(/ {2}identity \{\n {4}type = "SystemAssigned"\n {2}\}/);
    // A null or empty block list is no block.
    expect(hcl).not.toMatch(/network_acls|timeouts/);
    expect(hcl).toMatch(/tags = \{\n {4}"managed-by" = "k"\n {4}"env" = "dev"\n {2}\}/);
  });

  test('check blocks (plan-time warnings) become check blocks with assert blocks', () => {
    const hcl = terraformJsonToHcl({ check: { grant_ends: { assert: [{ condition: '${timecmp(plantimestamp(), "2028-03-31T00:00:00Z") < 0}', error_message: 'ended on ${"2028"}: remove it' }] } } }, {});
    expect(hcl).toBe('check "grant_ends" {\n  assert {\n    condition = timecmp(plantimestamp(), "2028-03-31T00:00:00Z") < 0\n    error_message = "ended on ${"2028"}: remove it"\n  }\n}\n');
  });

  test('what it cannot translate is refused, naming it', () => {
    expect(() => terraformJsonToHcl({ removed: {} }, {})).toThrow(HclConversionError);
    expect(() => terraformJsonToHcl({ check: { c: { data: {}, assert: [] } } }, {})).toThrow(/scoped data block/);
    expect(() => terraformJsonToHcl({ resource: { null_resource: { a: { provisioner: [] } } } }, {})).toThrow(
      /"provisioner" is not translated/,
    );
  });

  withTerraform('with the real terraform (built-in provider only)', () => {
    // Values that need escaping in HCL, and templates whose expressions hold quotes, braces and nested templates.
    const tricky: Record<string, unknown> = {
      quotes: 'say "hi" \\ back\\slash',
      lines: 'one\ntwo\r\n\tthree \u0001',
      escaped: 'literal $${not} and %%{neither} stay literal',
      number_like: '0123',
      json_like: '{"effect":{"value":"Deny"}}',
      list_like: '[1, 2]',
      nested: 'a-${upper("b}c")}-${join(",", ["x${"y"}", "}"])}-d',
      whole: '${{ k = "v", n = 1 }}',
      directive: '%{ for x in ["p", "q"] }${x}%{ endfor }',
      unicode: 'é — 中',
      numbers: [0, -1.5, 1e21, 2 ** 60],
      mixed: { 'a b': true, 'c.d': null, '${"k"}': ['${"e"}'], true: 1 },
    };
    const doc = {
      terraform: { required_version: '>= 1.5' },
      resource: {
        terraform_data: {
          values: { input: tricky },
          guarded: {
            input: '${terraform_data.values.output.quotes}',
            depends_on: ['terraform_data.values'],
            lifecycle: {
              precondition: [{ condition: '${length(terraform_data.values.input.lines) > 3}', error_message: 'lines "too" short' }],
            },
          },
        },
      },
      output: { whole: { value: '${terraform_data.values.input.whole}' }, literal: { value: 'x ${"y"} z', sensitive: false } },
    };

    test('a plan of the HCL equals the plan of the JSON, value for value', () => {
      const root = tempDir('hcl-values-');
      try {
        fs.mkdirSync(path.join(root, 'json'));
        fs.mkdirSync(path.join(root, 'hcl'));
        fs.writeFileSync(path.join(root, 'json', 'main.tf.json'), JSON.stringify(doc));
        fs.writeFileSync(path.join(root, 'hcl', 'main.tf'), terraformJsonToHcl(doc as never, {}));
        const fromJson = planBuiltin(path.join(root, 'json'));
        const fromHcl = planBuiltin(path.join(root, 'hcl'));
        if (!fromJson.ok) throw new Error(fromJson.stderr);
        if (!fromHcl.ok) throw new Error(`${fromHcl.stderr}\n${fs.readFileSync(path.join(root, 'hcl', 'main.tf'), 'utf8')}`);
        expect(decisions(fromHcl.json)).toEqual(decisions(fromJson.json));
        // And the values are what the JSON says, not just equal to each other.
        const planned = JSON.parse(fromHcl.json).planned_values.root_module.resources.find((r: { name: string }) => r.name === 'values')
          .values.input;
        expect(planned.quotes).toBe(tricky.quotes);
        expect(planned.lines).toBe(tricky.lines);
        expect(planned.escaped).toBe('literal ${not} and %{neither} stay literal');
        expect(planned.number_like).toBe('0123');
        expect(planned.json_like).toBe(tricky.json_like);
        expect(planned.nested).toBe('a-B}C-xy,}-d');
        expect(planned.directive).toBe('pq');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });

    test('a failing precondition fails the HCL plan as it fails the JSON plan', () => {
      const failing = structuredClone(doc);
      failing.resource.terraform_data.guarded.lifecycle.precondition[0].condition = '${length(terraform_data.values.input.lines) > 300}';
      const root = tempDir('hcl-precondition-');
      try {
        const results = (['json', 'hcl'] as const).map((kind) => {
          const dir = path.join(root, kind);
          fs.mkdirSync(dir);
          if (kind === 'json') fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(failing));
          else fs.writeFileSync(path.join(dir, 'main.tf'), terraformJsonToHcl(failing as never, {}));
          return planBuiltin(dir);
        });
        for (const r of results) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.stderr).toContain('lines "too" short');
        }
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
});

// The offline plans of every example stack as HCL (equal to the JSON's; no changes on its applied state) are in
// tools/offline/__tests__/stacks.test.ts, on the JSON workspaces planned and applied there.
