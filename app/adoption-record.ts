import { z } from 'zod';
import { rawText as text } from './config-text';
import { GUID_PATTERN } from '../constructs/azure/guid';

/** `config/adopted/<environment>.json`: role assignments that existed before the configuration managed them. */
export const ADOPTED_FOLDER = 'adopted';

const guid = text().regex(GUID_PATTERN, { error: 'expected a GUID' });
const ROLE_ASSIGNMENT_ID = /^\/.+\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-fA-F-]{36}$/;

/** One existing assignment the stack imports into one grant, under the assignment's existing name. */
const adoptedAssignmentSchema = z.strictObject({
  /** The grant's construct path inside the stack (its Terraform address), e.g. "Inference/Account/cognitive-services-user-...". */
  grant: text().min(1),
  /** The assignment's ARM ID: the Terraform import ID. */
  id: text().regex(ROLE_ASSIGNMENT_ID, { error: 'expected <scope>/providers/Microsoft.Authorization/roleAssignments/<guid> (the "id" of az role assignment list)' }),
  /** The assignment's name (a GUID): kept, because a new name would replace the assignment. */
  name: guid,
  roleDefinitionId: text().min(1),
  principalId: guid,
  principalType: z.enum(['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device']),
  /** Azure's description, kept (description is ForceNew in azurerm). */
  description: text().nullable().optional(),
  /** For people: who the principal is and when the assignment was made. */
  principalName: text().nullable().optional(),
  createdOn: text().nullable().optional(),
}).refine((a) => a.id.toLowerCase().endsWith(`/${a.name.toLowerCase()}`), { error: 'the id must end with the name', path: ['name'] });

export const adoptionRecordSchema = z.strictObject({
  $comment: text().optional(),
  /** The account the export was taken of: must be the environment's account. */
  accountId: text().min(1),
  /** What the export says of the account (a key-free read): synth checks kind, key state and subdomain from it. */
  account: z.strictObject({
    kind: text().nullable(),
    localAuthEnabled: z.boolean(),
    customSubdomainName: text().nullable(),
  }).optional(),
  /** When Azure says the account was created: a later export of an older account is refused. */
  accountCreatedOn: text().nullable().optional(),
  /** When `npm run adopt` first wrote this content (kept while a re-run finds the same: the file stays byte-identical). */
  adoptedOn: text(),
  /** The export folder it was made from, as given. */
  from: text().optional(),
  assignments: z.array(adoptedAssignmentSchema),
  /**
   * Every grant ever adopted here, by grant path, with the assignment name it was imported under. Kept when an entry
   * leaves `assignments`: synth then warns that the assignment's name goes back to the UUID v5 (a replacement).
   */
  adoptedNames: z.record(text(), guid).optional(),
  /** Foundry projects that exist already: the stack imports them instead of creating them. */
  projects: z.array(z.strictObject({
    /** The FoundryProject's construct path inside the stack, e.g. "Project-chat-assistant". */
    project: text().min(1),
    /** The project's ARM ID: the Terraform import ID. */
    id: text().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+\/projects\/[^/]+$/i, {
      error: 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>/projects/<project>',
    }),
  })).optional(),
});

export type AdoptionRecord = z.infer<typeof adoptionRecordSchema>;
export type AdoptedAssignment = AdoptionRecord['assignments'][number];
