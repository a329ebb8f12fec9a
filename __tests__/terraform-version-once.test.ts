import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fake `terraform` that prints `version` and counts its calls. */
function fakeTerraform(version: string): { bin: string; calls: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-terraform-'));
  const log = path.join(dir, 'calls');
  const bin = path.join(dir, 'terraform');
  fs.writeFileSync(bin, `#!/bin/sh\necho x >> '${log}'\necho 'Terraform v${version}'\n`, { mode: 0o755 });
  return { bin, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

/**
 * Loads cdktf afresh with `TERRAFORM_BINARY_NAME` pointing at `bin` (cdktf reads it when it loads), asks once as the app
 * does (unless `once` is false), and returns a synth of an app whose stack imports three resource groups: cdktf validates the Terraform version
 * once per import block.
 */
function withTerraform(bin: string, once = true): () => void {
  let synth: () => void = () => undefined;
  const before = process.env.TERRAFORM_BINARY_NAME;
  process.env.TERRAFORM_BINARY_NAME = bin;
  try {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
      const { AzurermProvider } = require('@cdktf/provider-azurerm/lib/provider') as typeof import('@cdktf/provider-azurerm/lib/provider');
      const { ResourceGroup } = require('@cdktf/provider-azurerm/lib/resource-group') as typeof import('@cdktf/provider-azurerm/lib/resource-group');
      if (once) (require('../app/terraform-version-once') as typeof import('../app/terraform-version-once')).askTerraformVersionOnce();
      /* eslint-enable @typescript-eslint/no-require-imports */
      synth = () => {
        const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tv-')), stackTraces: false });
        const stack = new TerraformStack(app, 'imports');
        new AzurermProvider(stack, 'azurerm', { features: [{}] });
        for (const n of ['a', 'b', 'c']) {
          new ResourceGroup(stack, n, { name: `rg-${n}`, location: 'swedencentral' }).importFrom(`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${n}`);
        }
        app.synth();
      };
    });
  } finally {
    if (before === undefined) delete process.env.TERRAFORM_BINARY_NAME;
    else process.env.TERRAFORM_BINARY_NAME = before;
  }
  return synth;
}

describe('askTerraformVersionOnce', () => {
  test('three import blocks, two synths: Terraform is asked once', () => {
    const tf = fakeTerraform('1.11.4');
    const synth = withTerraform(tf.bin);
    synth();
    synth();
    expect(tf.calls()).toBe(1);
  });

  test("an old Terraform still fails every synth with cdktf's message: the answer is remembered, not assumed", () => {
    const tf = fakeTerraform('1.4.7');
    const synth = withTerraform(tf.bin);
    expect(synth).toThrow(/version 1\.4\.7 is lower than the required version >=1\.5/);
    expect(synth).toThrow(/version 1\.4\.7 is lower than the required version >=1\.5/);
    expect(tf.calls()).toBe(1);
  });

  test('without it, cdktf asks once per import block (what the app saves)', () => {
    const tf = fakeTerraform('1.11.4');
    withTerraform(tf.bin, false)();
    expect(tf.calls()).toBe(3);
  });
});
