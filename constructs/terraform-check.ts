import { TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

/** One assertion of a `check` block. */
export interface CheckAssertion {
  /** A Terraform expression, e.g. `${timecmp(plantimestamp(), "2027-01-01T00:00:00Z") < 0}`. */
  readonly condition: string;
  /** The warning shown when the condition is false. */
  readonly errorMessage: string;
}

/** Properties of a `TerraformCheck`. */
export interface TerraformCheckProps {
  /** The assertions; each failing one is a warning. */
  readonly assertions: CheckAssertion[];
}

/**
 * A Terraform `check` block (Terraform >= 1.5; cdktf 0.21 has no class for it). A failed assertion is a warning in plan and
 * apply, never an error: a plan whose only news is a failed check exits 0 with `-detailed-exitcode`. Its name is the
 * element's logical ID (from its construct path), so it is deterministic and owned by the construct that adds it.
 */
export class TerraformCheck extends TerraformElement {
  private readonly assertions: CheckAssertion[];

  constructor(scope: Construct, id: string, props: TerraformCheckProps) {
    super(scope, id, 'check');
    this.assertions = props.assertions;
  }

  /** The check's name in the configuration (`check.<name>`). */
  public get checkName(): string {
    return this.friendlyUniqueId;
  }

  public toTerraform(): unknown {
    return { check: { [this.friendlyUniqueId]: { assert: this.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage })) } } };
  }

  public toHclTerraform(): unknown {
    // cdktf's HCL renderer drops block types it does not know: refuse rather than lose the check silently.
    throw new Error(`${this.node.path}: a Terraform check block is synthesized only as JSON (cdktf's HCL output has no check blocks); synthesize JSON, then convert it (npm run synth -- --hcl does)`);
  }
}
