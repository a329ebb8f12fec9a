// cdktf's jest matchers (toHaveResourceWithProperties, toBeValidTerraform, ...).
require('cdktf').Testing.setupJest();

// cdktf warns on every Fn call whose argument mixes text and a token (`/subscriptions/${sub}/...` in a role-assignment
// name), then prints the expression; jest adds a 45-line stack to each, about 4,000 lines per run. The tests that
// build such names compare the output with cdktf's own, so the warning says nothing here. Any other warning still prints.
const CDKTF_ESCAPE_WARNING = "You're using escape sequences (${...}) with CDKTF Built-in functions.";
const warn = console.warn;
let dropNext = false;
console.warn = (...args) => {
  if (dropNext) {
    dropNext = false;
    return;
  }
  if (typeof args[0] === 'string' && args[0].startsWith(CDKTF_ESCAPE_WARNING)) {
    dropNext = true; // the expression cdktf prints next
    return;
  }
  warn(...args);
};

// cdktf records a full stack trace for every token it creates (Error.captureStackTrace on a plain `{ stack }` object), only
// to print it if that token later fails to resolve. Jest formats stacks with source maps in the worker's own realm, which
// Node uses for this file's errors too: about a tenth of the suite's CPU went there. Those plain objects get their first 12
// frames in V8's format; errors (assertion failures, thrown errors) still go to jest's formatter.
const WorkerError = Object.getPrototypeOf(require('assert').AssertionError);
Error.prepareStackTrace = (error, frames) =>
  Object.getPrototypeOf(error) === Object.prototype || typeof WorkerError.prepareStackTrace !== 'function'
    ? `${error}\n    at ${frames.slice(0, 12).join('\n    at ')}`
    : WorkerError.prepareStackTrace(error, frames);

// As the app does (app/synthesize.ts): Terraform is asked its version once per process, not once per import block,
// moved block and cloud backend of every stack the tests synthesize (__tests__/terraform-version-once.test.ts checks both).
// The answers are kept on the worker's Error, which every test file of the worker shares (each has its own cdktf).
const ANSWERS = Symbol.for('keyless-ai-inference.terraform-version-answers');
WorkerError[ANSWERS] ??= new Map();
require('./app/terraform-version-once').askTerraformVersionOnce(WorkerError[ANSWERS]);
