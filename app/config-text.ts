import { z } from 'zod';
import { controlCharacterProblem, jsonShown } from '../constructs/azure/names';

// Every string of the configuration is text that reviews may show: the library's rule (no control characters, line
// breaks or bidirectional controls) applies to all of them, before any other check of the field.

/** A configuration string: `z.string()` that refuses control characters first (further checks chain after it). */
export const text = (params?: Parameters<typeof z.string>[0]) => z.string(params).superRefine((v, ctx) => {
  const problem = controlCharacterProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
});

/** Names to text (tags): names and values both refuse control characters. */
export const textRecord = () => z.record(z.string(), text()).superRefine((record, ctx) => {
  for (const name of Object.keys(record)) {
    const problem = controlCharacterProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `the name ${jsonShown(name)} ${problem}` });
  }
});
