import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { Fn, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { actionCovers, KEY_OPERATIONS } from './azure/actions';
import { IRoleDefinition, RolePermissions } from './azure/built-in-role';
import { ALL_INFERENCE_ENDPOINTS, dataActionsFor, endpointsCallableWith, InferenceEndpoint, MAAS_INFERENCE_DATA_ACTION } from './azure/inference-endpoints';
import { isGuid, literalItems, validateFreeText, ValidationError } from './validation';

/** Namespace of the UUIDs this project derives (role definition IDs, assignment names). */
export const KEYLESS_UUID_NAMESPACE = '6f1c7a52-9d3e-5b8a-a4c1-2e7d0b9f3a61';

/** Properties of an `InferenceRoleDefinition`. */
export interface InferenceRoleDefinitionProps {
  /** Where the role is defined: a subscription (`/subscriptions/<id>`) or resource group ID. */
  readonly scope: string;
  /** Suffix that keeps the role name unique in the tenant (role names are tenant-wide). @default - the stack's name */
  readonly nameSuffix?: string;
  /** The role's full name; overrides the suffix. @default - `AI Model Inference User (<nameSuffix>)` */
  readonly roleName?: string;
  /** Role description. @default - a sentence saying it grants model inference only */
  readonly description?: string;
  /** The endpoints holders call: the data actions are built from them. @default - both: `models` and `openai` */
  readonly endpoints?: InferenceEndpoint[];
  /** Data-plane actions; overrides `endpoints`. @default - those of `endpoints` (`accounts/MaaS/*` for models, Cognitive Services OpenAI User's for openai) */
  readonly dataActions?: string[];
  /** Data-plane actions excluded. @default - those of `endpoints` (as Cognitive Services OpenAI User excludes stored completions) */
  readonly notDataActions?: string[];
  /** Control-plane actions; keep empty so developers cannot change the account. @default - none */
  readonly actions?: string[];
  /** Scopes where the role can be assigned. @default - [scope] */
  readonly assignableScopes?: string[];
  /**
   * The role definition's GUID. Changing it replaces the role and every assignment of it.
   * @default - a UUID v5 of the scope and the default name `AI Model Inference User (<nameSuffix>)`: stable across runs and renames
   */
  readonly roleDefinitionId?: string;
}

/** Custom role names per stack: names are unique in the tenant, so a second one fails at apply time. */
const roleNamesByStack = new WeakMap<TerraformStack, Map<string, string>>();

const SCOPE = /^\/subscriptions\/([0-9a-f-]{36})(\/resourceGroups\/[-\w._()]+)?$/i;
const ACTION = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+(\/[A-Za-z0-9.*_-]+)+$/;

/**
 * A custom role for model inference only: the data actions of the endpoints developers call
 * (`Microsoft.CognitiveServices/accounts/MaaS/*` for `/models`, Cognitive Services OpenAI User's for `/openai/`),
 * no control-plane actions. Assignments use `roleDefinitionResourceId`, never the resource's `.id`
 * (which is `<role definition resource ID>|<scope>` and fails with `InvalidRoleDefinitionId`).
 * Its GUID does not depend on its display name: a rename updates the role in place and touches no assignment.
 */
export class InferenceRoleDefinition extends Construct implements IRoleDefinition {
  public readonly builtIn = false;
  public readonly roleKey: string;
  public readonly roleName: string;
  /** The default name: grants' Terraform addresses use it, so a rename moves no grant. */
  public readonly addressName: string;
  public readonly assignableScopes: string[];
  public readonly dataActions: string[];
  public readonly permissions: RolePermissions;
  /** The endpoints the role's data actions cover. */
  public readonly endpoints: InferenceEndpoint[];
  /** The full role definition resource ID: what assignments reference. */
  public readonly roleDefinitionResourceId: string;
  /** The underlying `azurerm_role_definition`. */
  public readonly resource: RoleDefinition;

  constructor(scope: Construct, id: string, props: InferenceRoleDefinitionProps) {
    super(scope, id);
    const scopeMatch = Token.isUnresolved(props.scope) ? undefined : SCOPE.exec(props.scope);
    if (scopeMatch !== undefined && (!scopeMatch || !isGuid(scopeMatch[1]) || /^[0-]+$/.test(scopeMatch[1]))) {
      throw new ValidationError(this, 'scope', props.scope,
        'expected a subscription ID (/subscriptions/<guid>) or a resource group ID (/subscriptions/<guid>/resourceGroups/<name>)');
    }
    const defaultName = `AI Model Inference User (${props.nameSuffix ?? TerraformStack.of(this).node.id})`;
    this.roleName = props.roleName ?? defaultName;
    this.addressName = defaultName;
    if (!Token.isUnresolved(this.roleName) && (this.roleName.trim().length === 0 || this.roleName.length > 512)) {
      throw new ValidationError(this, 'roleName', this.roleName, 'expected 1 to 512 characters, unique in the tenant');
    }
    validateFreeText(this, 'roleName', this.roleName);
    validateFreeText(this, 'description', props.description);
    this.recordName();
    const endpoints = props.endpoints ?? [...ALL_INFERENCE_ENDPOINTS];
    literalItems(endpoints).forEach((e, i) => {
      if (!ALL_INFERENCE_ENDPOINTS.includes(e)) {
        throw new ValidationError(this, `endpoints[${i}]`, e, `expected one of ${ALL_INFERENCE_ENDPOINTS.join(', ')}`);
      }
    });
    if (endpoints.length === 0 && props.dataActions === undefined) {
      throw new ValidationError(this, 'endpoints', endpoints, `name the endpoints developers call: ${ALL_INFERENCE_ENDPOINTS.join(', ')}`);
    }
    const fromEndpoints = dataActionsFor(endpoints);
    this.dataActions = props.dataActions ?? fromEndpoints.dataActions;
    const notDataActions = props.notDataActions ?? (props.dataActions === undefined ? fromEndpoints.notDataActions : []);
    const actions = props.actions ?? [];
    if (!Token.isUnresolved(this.dataActions) && this.dataActions.length === 0) {
      throw new ValidationError(this, 'dataActions', this.dataActions,
        `an inference role needs data actions; use ["${MAAS_INFERENCE_DATA_ACTION}"]`);
    }
    literalItems(this.dataActions).forEach((a, i) => this.checkAction(`dataActions[${i}]`, a));
    literalItems(notDataActions).forEach((a, i) => this.checkAction(`notDataActions[${i}]`, a));
    literalItems(actions).forEach((a, i) => this.checkAction(`actions[${i}]`, a));
    this.assignableScopes = props.assignableScopes ?? [props.scope];
    literalItems(this.assignableScopes).forEach((s, i) => this.checkAssignableScope(`assignableScopes[${i}]`, s));
    if (props.roleDefinitionId !== undefined && !Token.isUnresolved(props.roleDefinitionId) && !isGuid(props.roleDefinitionId)) {
      throw new ValidationError(this, 'roleDefinitionId', props.roleDefinitionId, 'expected a GUID, or leave it out for a stable one derived from scope and name');
    }

    this.resource = new RoleDefinition(this, 'Resource', {
      name: this.roleName,
      scope: props.scope,
      // Seeded with the default name, not the display name: renaming updates in place. Same GUID as 0.1 for default names.
      roleDefinitionId: props.roleDefinitionId ?? Fn.uuidv5(KEYLESS_UUID_NAMESPACE, Fn.lower(Fn.join('|', [props.scope, defaultName]))),
      description: props.description ?? 'Calls models of Azure AI Services accounts (Foundry Models) with Microsoft Entra ID. No control-plane access.',
      permissions: [{ actions, dataActions: this.dataActions, notActions: [], notDataActions }],
      assignableScopes: this.assignableScopes,
    });
    this.permissions = { actions, notActions: [], dataActions: this.dataActions, notDataActions };
    this.endpoints = endpointsCallableWith(this.permissions);
    this.roleDefinitionResourceId = this.resource.roleDefinitionResourceId;
    this.roleKey = `custom:${this.node.path}`;
  }

  public roleDefinitionIdIn(_subscriptionId: string): string {
    return this.roleDefinitionResourceId;
  }

  private recordName(): void {
    if (Token.isUnresolved(this.roleName)) return;
    const stack = TerraformStack.of(this);
    let seen = roleNamesByStack.get(stack);
    if (!seen) roleNamesByStack.set(stack, (seen = new Map()));
    const first = seen.get(this.roleName.toLowerCase());
    if (first !== undefined) {
      throw new ValidationError(this, 'roleName', this.roleName,
        `already used by ${first}; custom role names are unique in the tenant: set a distinct nameSuffix or roleName`);
    }
    seen.set(this.roleName.toLowerCase(), this.node.path);
  }

  private checkAction(field: string, action: string): void {
    if (Token.isUnresolved(action)) return;
    if (action.trim() === '*') {
      throw new ValidationError(this, field, action, 'a bare "*" grants everything; list the provider operations, e.g. ' + MAAS_INFERENCE_DATA_ACTION);
    }
    const lower = action.toLowerCase();
    if (lower.startsWith('microsoft.authorization/') && !lower.endsWith('/read')) {
      throw new ValidationError(this, field, action,
        'Microsoft.Authorization actions other than reads (writes, deletes, elevateAccess) let holders grant themselves any role; an inference role must not carry them');
    }
    const keyOperation = KEY_OPERATIONS.find((op) => actionCovers(action, op));
    if (keyOperation) {
      throw new ValidationError(this, field, action,
        `it covers ${keyOperation}, which reads or resets the account keys; an inference role works with Entra ID tokens only: list the operations it needs, e.g. Microsoft.CognitiveServices/*/read`);
    }
    if (lower !== '*/read' && (!ACTION.test(action) || (action.match(/\*/g) ?? []).length > 1)) {
      throw new ValidationError(this, field, action,
        'expected an operation of the form Company.Provider/type/.../action with at most one "*", e.g. ' + MAAS_INFERENCE_DATA_ACTION);
    }
  }

  private checkAssignableScope(field: string, scope: string): void {
    if (Token.isUnresolved(scope)) return;
    if (scope.trim() === '/') {
      throw new ValidationError(this, field, scope, 'the root scope "/" is not allowed; use a subscription or resource group ID');
    }
    if (/\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope)) {
      throw new ValidationError(this, field, scope,
        'a role with data actions cannot be assignable at a management group; use subscription or resource group IDs');
    }
    if (!scope.startsWith('/subscriptions/')) {
      throw new ValidationError(this, field, scope, 'expected an ARM ID under /subscriptions/<guid>');
    }
  }
}
