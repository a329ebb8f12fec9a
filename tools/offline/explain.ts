/**
 * Plain-words explanations of Terraform failures that the offline harness causes or meets: a provider
 * server that went away (Terraform repeats "Plugin did not respond" for every resource), and a state
 * lock left by an interrupted run (Terraform's lock message is a wall of fields).
 */

/** Messages Terraform prints when the reattached provider process is gone. */
const LOST_PROVIDER = /Plugin did not respond|rpc error: code = Unavailable|connection refused|transport is closing|error reading from server: EOF/g;

/** Replaces Terraform's repeated lost-provider errors by one sentence; explains a stale state lock. Other output is returned as is. */
export function explainTerraformFailure(output: string, context: { workDir?: string; serverDied?: string } = {}): string {
  const lost = output.match(LOST_PROVIDER)?.length ?? 0;
  if (lost > 0 || context.serverDied) {
    return (
      `The offline provider server is gone${context.serverDied ? ` (${context.serverDied})` : ''}, so Terraform could not reach the providers` +
      (lost > 0 ? ` (Terraform reported it ${lost} time${lost === 1 ? '' : 's'}, e.g. "Plugin did not respond")` : '') +
      '. Run the command again; if it keeps happening, run with the server log (plan:offline writes .offline/provider.log) and look at its last lines.'
    );
  }
  if (/Error acquiring the state lock/.test(output)) {
    const id = /^\s*ID:\s*(\S+)/m.exec(output)?.[1];
    const who = /^\s*Who:\s*(.+)$/m.exec(output)?.[1]?.trim();
    const where = context.workDir ?? 'the stack\'s working folder';
    return (
      `The local state in ${where} is locked${who ? ` by ${who}` : ''}: another Terraform run is using it, or an earlier run was interrupted (Ctrl-C) and left its lock. ` +
      `If no other run is going on, remove the lock: cd ${where} && terraform force-unlock -force ${id ?? '<lock ID>'} (or delete .terraform.tfstate.lock.info there).\n\nTerraform's message:\n${output}`
    );
  }
  return output;
}
