import { App, TerraformStack, Testing } from 'cdktf';
import { TerraformCheck } from '../constructs/terraform-check';

describe('TerraformCheck', () => {
  test('synthesizes a top-level check block named after its construct path, one assert per assertion', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const c = new TerraformCheck(stack, 'Ends', { assertions: [{ condition: '${1 < 2}', errorMessage: 'one' }, { condition: '${true}', errorMessage: 'two' }] });
    const json = JSON.parse(Testing.synth(stack));
    expect(c.checkName).toBe('Ends');
    expect(json.check).toEqual({ Ends: { assert: [{ condition: '${1 < 2}', error_message: 'one' }, { condition: '${true}', error_message: 'two' }] } });
  });

  test('HCL output is refused rather than silently losing the check', () => {
    const stack = new TerraformStack(new App({ hclOutput: true, outdir: '/tmp/unused' }), 'test');
    new TerraformCheck(stack, 'Ends', { assertions: [{ condition: '${true}', errorMessage: 'x' }] });
    expect(() => stack.toHclTerraform()).toThrow('test/Ends: a Terraform check block is synthesized only as JSON');
  });
});
