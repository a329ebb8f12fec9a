import { z } from 'zod';
import { GUID_PATTERN } from '../constructs/azure/guid';

/** `config/adopted/<environment>.json`: role assignments that existed before the configuration managed them. */
export const ADOPTED_FOLDER = 'adopted';

const guid = z.string().regex(GUID_PATTERN, { error: 'expected a GUID' });
const ROLE_ASSIGNMENT_ID = /^\/.+\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-fA-F-]{36}$/;

/** One existing assignment the stack imports into one grant, under the assignment's existing name. */
const adoptedAssignmentSchema = z.strictObject({
  /** The grant's construct path inside the stack (its Terraform address), e.g. "Inference/Account/cognitive-services-user-...". */
  grant: z.string().min(1),
  /** The assignment's ARM ID: the Terraform import ID. */
  id: z.string().regex(ROLE_ASSIGNMENT_ID, { error: 'expected <scope>/providers/Microsoft.Authorization/roleAssignments/<guid> (the "id" of az role assignment list)' }),
  /** The assignment's name (a GUID): kept, because a new name would replace the assignment. */
  name: guid,
  roleDefinitionId: z.string().min(1),
  principalId: guid,
  principalType: z.enum(['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device']),
  /** Azure's description, kept (description is ForceNew in azurerm). */
  description: z.string().nullable().optional(),
  /** For people: who the principal is and when the assignment was made. */
  principalName: z.string().nullable().optional(),
  createdOn: z.string().nullable().optional(),
}).refine((a) => a.id.toLowerCase().endsWith(`/${a.name.toLowerCase()}`), { error: 'the id must end with the name', path: ['name'] });

export const adoptionRecordSchema = z.strictObject({
  $comment: z.string().optional(),
  /** The account the export was taken of: must be the environment's account. */
  accountId: z.string().min(1),
  /** When Azure says the account was created: a later export of an older account is refused. */
  accountCreatedOn: z.string().nullable().optional(),
  /** When `npm run adopt` wrote this file. */
  adoptedOn: z.string(),
  /** The export folder it was made from, as given. */
  from: z.string().optional(),
  assignments: z.array(adoptedAssignmentSchema),
  /** Foundry projects that exist already: the stack imports them instead of creating them. */
  projects: z.array(z.strictObject({
    /** The FoundryProject's construct path inside the stack, e.g. "Project-chat-assistant". */
    project: z.string().min(1),
    /** The project's ARM ID: the Terraform import ID. */
    id: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+\/projects\/[^/]+$/i, {
      error: 'expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>/projects/<project>',
    }),
  })).optional(),
});

export type AdoptionRecord = z.infer<typeof adoptionRecordSchema>;
export type AdoptedAssignment = AdoptionRecord['assignments'][number];
