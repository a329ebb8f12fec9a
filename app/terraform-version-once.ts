/**
 * cdktf validates `terraform version` (a `execSync`, about 60 ms) once per import block, moved block and cloud backend
 * of every stack; an adopted environment has one per imported assignment. The answer cannot change while one process
 * synthesizes, so the app asks Terraform once per version command, constraint and PATH. Only the app does this: the
 * library leaves cdktf's classes alone. `answers` lets several copies of cdktf in one process (jest loads one per test
 * file) share what Terraform said.
 */
export function askTerraformVersionOnce(answers: Map<string, string[]> = new Map()): void {
  let mod: { ValidateBinaryVersion?: { prototype: BinaryVersionValidation } };
  try {
    // Internal to cdktf (and CDK Terrain): when the file moves, synth only gets slower.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('cdktf/lib/validations/validate-binary-version');
  } catch {
    return;
  }
  const proto = mod.ValidateBinaryVersion?.prototype;
  if (!proto || typeof proto.validate !== 'function' || ONCE in proto) return;
  const validate = proto.validate;
  Object.defineProperty(proto, ONCE, { value: true });
  proto.validate = function validateOnce(this: BinaryVersionValidation): string[] {
    const key = [this.versionCommand, this.versionConstraint, this.hint, process.env.PATH].join('\0');
    let answer = answers.get(key);
    if (!answer) {
      answer = validate.call(this);
      answers.set(key, answer);
    }
    return [...answer];
  };
}

const ONCE = Symbol.for('keyless-ai-inference.terraform-version-once');

interface BinaryVersionValidation {
  validate(): string[];
  readonly versionCommand?: string;
  readonly versionConstraint?: string;
  readonly hint?: string;
}
