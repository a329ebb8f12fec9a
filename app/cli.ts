/**
 * Runs one of the app's synchronous commands as its process (call it under `require.main === module`): `main`'s exit
 * code, or exit code 1 with the error's message after `name:` on stderr.
 */
export function runAppCli(name: string, main: (argv: string[]) => number): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`${name}: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
