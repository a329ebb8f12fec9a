// Which endpoint a client calls, with which token, and which data actions authorize it. Kept free of cdktf.
import { actionCovers } from './actions';
import { BuiltInRole, RolePermissions } from './built-in-role';

/** An inference endpoint of an AI Services account that developers call. */
export enum InferenceEndpoint {
  /**
   * Azure AI model inference: `https://<subdomain>.services.ai.azure.com/models`. The Azure AI Inference SDK that called it
   * was retired on 2026-08-26; Microsoft points Foundry Models users to the OpenAI v1 API (`OPENAI`).
   */
  MODELS = 'models',
  /** OpenAI v1 (OpenAI SDKs; Microsoft's recommended path for Foundry Models): `https://<subdomain>.openai.azure.com/openai/v1/`. */
  OPENAI = 'openai',
}

/** The account's own endpoint as Azure returns it (the provider's `endpoint` attribute). */
export function accountEndpoint(subdomain: string): string {
  return `https://${subdomain}.cognitiveservices.azure.com/`;
}

/** Every endpoint, in output order. */
export const ALL_INFERENCE_ENDPOINTS: readonly InferenceEndpoint[] = [InferenceEndpoint.MODELS, InferenceEndpoint.OPENAI];

/**
 * Token scopes a client asks Microsoft Entra ID for. The account endpoints (`/openai/v1/` and `/models`) accept tokens
 * for both audiences (the service's 401 names both: "audience is incorrect (https://cognitiveservices.azure.com/ or
 * https://ai.azure.com/)"); Foundry project endpoints accept only `https://ai.azure.com/.default`.
 * Source: ../shared/design/FIELD-NOTES.md (corrected 2026-12-03), Microsoft's Foundry Models and OpenAI v1 pages.
 */
export const TOKEN_SCOPES = {
  /** Cognitive Services audience: the account endpoints (older pages, the openai SDK's Azure examples). */
  cognitiveServices: 'https://cognitiveservices.azure.com/.default',
  /** Foundry audience: the account endpoints too (Microsoft's newer pages), and the only one project endpoints take. */
  foundry: 'https://ai.azure.com/.default',
  /** `/models`: either scope works; this one is kept for code written against 0.1. @deprecated see ACCOUNT_ENDPOINT_TOKEN_SCOPES */
  inference: 'https://cognitiveservices.azure.com/.default',
  /** `/openai/v1/`: either scope works; this one is kept for code written against 0.1. @deprecated see ACCOUNT_ENDPOINT_TOKEN_SCOPES */
  openAi: 'https://cognitiveservices.azure.com/.default',
  /** Foundry project endpoints (`https://<subdomain>.services.ai.azure.com/api/projects/<project>`): only this one. */
  foundryProject: 'https://ai.azure.com/.default',
} as const;

/** Scopes the account endpoints (`/openai/v1/`, `/models`) accept: either works. */
export const ACCOUNT_ENDPOINT_TOKEN_SCOPES: readonly string[] = [TOKEN_SCOPES.cognitiveServices, TOKEN_SCOPES.foundry];
/** Scopes Foundry project endpoints accept: a Cognitive Services token gets 401 there. */
export const PROJECT_ENDPOINT_TOKEN_SCOPES: readonly string[] = [TOKEN_SCOPES.foundry];

/** The data action Microsoft documents for calling Foundry Models (Azure AI model inference). */
export const MAAS_INFERENCE_DATA_ACTION = 'Microsoft.CognitiveServices/accounts/MaaS/*';

interface EndpointFacts {
  /** The URL, given the account's custom subdomain. */
  readonly url: (subdomain: string) => string;
  /** The token scopes the endpoint accepts (a client requests one of them). */
  readonly tokenScopes: readonly string[];
  /** The data actions a role needs to call it (and a custom role for it carries). */
  readonly dataActions: readonly string[];
  /** Data actions the custom role excludes, as the built-in role it follows does. */
  readonly notDataActions: readonly string[];
}

const openAiUser = BuiltInRole.COGNITIVE_SERVICES_OPENAI_USER.permissions!;

/** The facts of each endpoint. OpenAI routes are authorized by the data actions of the built-in Cognitive Services OpenAI User. */
export const INFERENCE_ENDPOINTS: Readonly<Record<InferenceEndpoint, EndpointFacts>> = {
  [InferenceEndpoint.MODELS]: {
    url: (subdomain) => `https://${subdomain}.services.ai.azure.com/models`,
    tokenScopes: ACCOUNT_ENDPOINT_TOKEN_SCOPES,
    dataActions: [MAAS_INFERENCE_DATA_ACTION],
    notDataActions: [],
  },
  [InferenceEndpoint.OPENAI]: {
    url: (subdomain) => `https://${subdomain}.openai.azure.com/openai/v1/`,
    tokenScopes: ACCOUNT_ENDPOINT_TOKEN_SCOPES,
    dataActions: openAiUser.dataActions,
    notDataActions: openAiUser.notDataActions,
  },
};

/** Custom role data actions (and exclusions) that cover exactly `endpoints`. */
export function dataActionsFor(endpoints: readonly InferenceEndpoint[]): { dataActions: string[]; notDataActions: string[] } {
  const ordered = ALL_INFERENCE_ENDPOINTS.filter((e) => endpoints.includes(e));
  return {
    dataActions: ordered.flatMap((e) => INFERENCE_ENDPOINTS[e].dataActions),
    notDataActions: ordered.flatMap((e) => INFERENCE_ENDPOINTS[e].notDataActions),
  };
}

/** Whether role permissions allow an operation: some data action covers it and no exclusion does. */
function allows(permissions: Pick<RolePermissions, 'dataActions' | 'notDataActions'>, operation: string): boolean {
  return permissions.dataActions.some((a) => actionCovers(a, operation)) && !permissions.notDataActions.some((a) => actionCovers(a, operation));
}

/** The endpoints a role with these permissions can call: every data action the endpoint needs is allowed. */
export function endpointsCallableWith(permissions: Pick<RolePermissions, 'dataActions' | 'notDataActions'> | undefined): InferenceEndpoint[] {
  if (!permissions) return [];
  return ALL_INFERENCE_ENDPOINTS.filter((e) => INFERENCE_ENDPOINTS[e].dataActions.every((op) => allows(permissions, op)));
}

/** Parses endpoint names, e.g. from configuration; undefined for an unknown name. */
export function inferenceEndpointOf(name: string): InferenceEndpoint | undefined {
  return ALL_INFERENCE_ENDPOINTS.find((e) => e === name);
}
