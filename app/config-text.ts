import { z } from 'zod';
import { controlCharacterProblem, jsonShown, RESOURCE_GROUP_NAME, RESOURCE_GROUP_NAME_RULE, surroundingSpaceProblem } from '../constructs/azure/names';

// Every string of the configuration is text that reviews may show: the library's rule (no control characters, line
// breaks or bidirectional controls) applies to all of them, before any other check of the field.

const checked = (params?: Parameters<typeof z.string>[0]) => z.string(params).superRefine((v, ctx) => {
  const problem = controlCharacterProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
});

/**
 * A configuration value (a name, an ID, a model, a look-up key): `z.string()` that refuses control characters and
 * spaces around it first (further checks chain after it). A space pasted at the end is a look-up that finds nothing.
 */
export const text = (params?: Parameters<typeof z.string>[0]) => checked(params).superRefine((v, ctx) => {
  const problem = surroundingSpaceProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
});

/** A resource group name as azurerm takes it (`RESOURCE_GROUP_NAME`). */
export const resourceGroupName = () => text().regex(RESOURCE_GROUP_NAME, { error: RESOURCE_GROUP_NAME_RULE });

/** A rule of the library as a refinement (`.superRefine(libraryRule(subdomainProblem))`): its problem, if any, is the message. */
export const libraryRule = <T>(problemOf: (value: T) => string | undefined) => (value: T, ctx: z.RefinementCtx): void => {
  const problem = problemOf(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** Free text people read (labels, descriptions, justifications): control characters refused, spaces around it dropped. */
export const prose = (params?: Parameters<typeof z.string>[0]) => checked(params).trim();

/** Text kept exactly as Azure holds it (tag values, what `npm run adopt` recorded): only control characters are refused. */
export const rawText = checked;

/** Names to text (tags): names and values both refuse control characters. */
export const textRecord = () => z.record(z.string(), rawText()).superRefine((record, ctx) => {
  for (const name of Object.keys(record)) {
    const problem = controlCharacterProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `the name ${jsonShown(name)} ${problem}` });
  }
});
