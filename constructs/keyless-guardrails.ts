import {
  AnnotationMetadataEntryType,
  Annotations,
  Aspects,
  DefaultTokenResolver,
  IAspect,
  StringConcat,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import { IConstruct } from 'constructs';
import { POLICY_ASSIGNMENT_TYPES } from './azure/policy';
import { checkApp } from './app-checks';
import { collectAnnotations, errorAnnotationsError, strictModeError } from './synthesize-atomically';
import { GUARDRAIL_RULES, GuardrailRule, GuardrailStackContext, ResourceConfig, findGuardrailRule, guardrailRulesFor } from './guardrail-rules';

/** Options of `KeylessGuardrails.applyTo`. */
export interface GuardrailOptions {
  /** Warnings anywhere in the app fail the synth, before any stack is written (for CI). @default false */
  readonly strict?: boolean;
}

/** A rule silenced on one resource, with the reason recorded in the synthesized output. */
export interface GuardrailSuppression {
  /** ID of the silenced rule, e.g. `KAI-AI-004`. */
  readonly ruleId: string;
  /** Why the finding is accepted on this resource. */
  readonly reason: string;
}

/** Node metadata type under which suppressions are kept on the resource's construct node. */
const SUPPRESSION_METADATA = 'keyless-guardrails/suppression';
/** Key under the resource's `//` (comment) block where suppressions are written to the Terraform JSON. */
const SUPPRESSION_OVERRIDE = '//.keyless_guardrails';
/** A reason must say something: "n/a", "todo" and the like are rejected. */
const MIN_REASON_LENGTH = 10;

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * Guardrails that keep a stack key-less and least-privilege, checked at synth time on every Terraform
 * resource of the scope, whoever created it (this project's constructs, raw provider classes, escape
 * hatches). Findings are reported through `Annotations`: errors fail synthesis, warnings are printed.
 * The rule table is `GUARDRAIL_RULES` (see docs/guardrails.md).
 *
 * @example
 * KeylessGuardrails.applyTo(stack);
 * KeylessGuardrails.suppress(account, 'KAI-AI-004', 'Reached only through the corporate proxy; private endpoint planned in Q3');
 */
export class KeylessGuardrails implements IAspect {
  /** Cross-stack outputs of the app, for the aspect pass in progress. */
  private crossStack?: CrossStackOutputs;
  /** Per-stack facts for the pass in progress. */
  private stackContexts = new WeakMap<TerraformStack, GuardrailStackContext>();
  /** Scopes checked ahead of their own pass, in the app pass in progress: their pass is skipped. */
  private checkedAhead = new Set<IConstruct>();
  /** The pass in progress was checked ahead: nothing to do until the next one. */
  private skipping = false;
  /** Warnings stop the synth (see `applyTo`). @internal */
  public strict = false;

  /**
   * Applies the guardrails to a stack (or any construct inside one) and everything below it, and
   * returns the aspect. Applying twice to the same scope is a no-op.
   *
   * cdktf invokes aspects from each stack down, so aspects added to the App itself never run: given
   * the App (or another construct above the stacks), this adds the aspect to every stack that exists
   * under it now, and to stacks created under it later when the app is synthesized (at least one stack
   * must exist when it is called).
   *
   * With `strict`, a warning anywhere in the app (the guardrails', the whole-app checks', any construct's) stops
   * `app.synth()` before the first stack is written, as an error does.
   */
  public static applyTo(scope: IConstruct, options: GuardrailOptions = {}): KeylessGuardrails {
    const guardrails = new KeylessGuardrails();
    guardrails.strict = options.strict ?? false;
    if (isInsideStack(scope)) return guardrails.addTo(scope);
    const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    appWide.set(scope, guardrails); // stacks created under it later are guarded when the app is synthesized
    if (stacks.length === 0) {
      throw new Error(
        `KeylessGuardrails.applyTo: "${scope.node.path || 'App'}" contains no TerraformStack yet. cdktf runs aspects per stack, so create the stacks first and apply the guardrails afterwards (or apply them to each stack).`,
      );
    }
    stacks.forEach((stack) => guardrails.addTo(stack));
    return guardrails;
  }

  /**
   * Silences one rule on one resource. The reason is required and is written into the resource's
   * `//` comment block of the synthesized Terraform JSON (`"//": { "keyless_guardrails": { "suppressions": [...] } }`).
   * Suppressing the same rule again replaces the reason.
   *
   * @param resource the Terraform resource (not a higher-level construct) whose finding is accepted
   * @param ruleId a rule ID from `GUARDRAIL_RULES`, e.g. `KAI-AI-004`
   * @param reason why the finding is accepted here, at least 10 characters
   */
  public static suppress(resource: TerraformResource, ruleId: string, reason: string): void {
    if (!TerraformResource.isTerraformResource(resource)) {
      const path = (resource as IConstruct | undefined)?.node?.path ?? String(resource);
      throw new Error(
        `KeylessGuardrails.suppress: "${path}" is not a Terraform resource. Suppressions apply to one resource: pass the provider resource itself (e.g. the construct's underlying azurerm_* resource), not a higher-level construct.`,
      );
    }
    const rule = findGuardrailRule(ruleId);
    if (!rule) {
      throw new Error(
        `KeylessGuardrails.suppress: unknown rule ID "${ruleId}" for ${resource.node.path}. Use one of: ${GUARDRAIL_RULES.map((r) => r.id).join(', ')}.`,
      );
    }
    if (!rule.resourceTypes.includes(resource.terraformResourceType)) {
      throw new Error(
        `KeylessGuardrails.suppress: rule ${ruleId} inspects ${rule.resourceTypes.join(', ')}, not ${resource.terraformResourceType} (${resource.node.path}); there is nothing to suppress.`,
      );
    }
    const trimmed = typeof reason === 'string' ? reason.trim() : '';
    if (trimmed.length < MIN_REASON_LENGTH) {
      throw new Error(
        `KeylessGuardrails.suppress: the reason for suppressing ${ruleId} on ${resource.node.path} is ${JSON.stringify(reason)}; write why the finding is accepted (at least ${MIN_REASON_LENGTH} characters), it is recorded in the synthesized output.`,
      );
    }
    resource.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: trimmed }, { stackTrace: false });
    resource.addOverride(
      SUPPRESSION_OVERRIDE,
      { suppressions: KeylessGuardrails.suppressionsOf(resource).map((s) => ({ rule: s.ruleId, reason: s.reason })) },
    );
  }

  /** The suppressions recorded on a resource (the last reason per rule). */
  public static suppressionsOf(resource: IConstruct): GuardrailSuppression[] {
    const byRule = new Map<string, string>();
    for (const entry of resource.node.metadata) {
      if (entry.type !== SUPPRESSION_METADATA) continue;
      const data = entry.data as GuardrailSuppression;
      byRule.set(data.ruleId, data.reason);
    }
    return [...byRule].map(([ruleId, reason]) => ({ ruleId, reason }));
  }

  /** Adds this aspect to a scope unless a KeylessGuardrails aspect is already there; returns the one in place. */
  private addTo(scope: IConstruct): KeylessGuardrails {
    assertOneCdkCore(scope);
    const existing = Aspects.of(scope).all.find((aspect): aspect is KeylessGuardrails => aspect instanceof KeylessGuardrails);
    if (existing) {
      existing.strict ||= this.strict;
      return existing;
    }
    Aspects.of(scope).add(this);
    register(this, scope);
    return this;
  }

  private stackContext(node: TerraformResource): GuardrailStackContext {
    const stack = TerraformStack.of(node);
    let context = this.stackContexts.get(stack);
    if (!context) this.stackContexts.set(stack, (context = stackContextOf(stack, this.crossStack!)));
    return context;
  }

  public visit(node: IConstruct): void {
    // cdktf visits the construct an aspect is attached to before anything below it: that starts a pass (one per stack
    // and synth). The first pass of a synth checks every scope of the app ahead (checkWholeApp); the passes then skip.
    if (Aspects.of(node).all.includes(this)) {
      if (!this.checkedAhead.delete(node)) {
        register(this, node); // added with Aspects.of(...).add rather than applyTo
        checkWholeApp(node);
        this.checkedAhead.delete(node);
      }
      this.skipping = true;
      return;
    }
    if (this.skipping) return;
    // Visited without a pass start (by hand): check the node on its own.
    if (this.crossStack?.root !== node.node.root) this.startPass(node.node.root);
    this.check(node);
  }

  /** Cross-stack outputs are created while stacks are prepared, before any pass: one index serves a synth. */
  private startPass(root: IConstruct): void {
    this.crossStack = crossStackOutputs(root);
    this.stackContexts = new WeakMap();
  }

  /** Guards a stack made after `applyTo(app)`. @internal */
  public attachLate(stack: TerraformStack): void {
    this.addTo(stack);
  }

  /** Checks everything at and below `scope` now, and skips cdktf's own pass over it. @internal */
  public checkAhead(scope: IConstruct): void {
    if (this.crossStack?.root !== scope.node.root) this.startPass(scope.node.root);
    for (const c of scope.node.findAll()) this.check(c);
    this.checkedAhead.add(scope);
  }

  /** Forgets what an earlier synth checked ahead. @internal */
  public forgetAhead(): void {
    this.checkedAhead.clear();
    this.skipping = false;
    this.crossStack = undefined; // a new synth may have new cross-stack outputs
  }

  private check(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const rules = guardrailRulesFor(node.terraformResourceType);
    if (rules.length === 0) return;
    const config = synthesizedConfig(node, this.crossStack!);
    if (!config) return;
    const suppressed = new Set(KeylessGuardrails.suppressionsOf(node).map((s) => s.ruleId));
    for (const rule of rules) {
      if (suppressed.has(rule.id)) continue;
      const findings = rule.check(config, node.terraformResourceType, this.stackContext(node));
      if (findings.length > 0) report(node, rule, findings);
    }
  }
}

/** Scopes above the stacks given to `applyTo` (the App), with their guardrails: stacks made there later are guarded too. */
const appWide = new WeakMap<IConstruct, KeylessGuardrails>();

/** Where the guardrails of each app are attached (by `applyTo`), so that the first pass of a synth finds them all. */
const attachedByRoot = new WeakMap<IConstruct, Array<{ g: KeylessGuardrails; c: IConstruct }>>();

function register(g: KeylessGuardrails, scope: IConstruct): void {
  let attached = attachedByRoot.get(scope.node.root);
  if (!attached) attachedByRoot.set(scope.node.root, (attached = []));
  if (!attached.some((a) => a.g === g && a.c === scope)) attached.push({ g, c: scope });
}

/**
 * The start of a stack's pass. cdktf prepares every stack, then for each stack in turn runs its aspects and writes it,
 * so on the first pass of a synth the guardrails check the other stacks ahead (with their own KeylessGuardrails
 * aspects) and run the whole-app checks (`checkApp`): an error anywhere then stops `app.synth()` before any stack is
 * written. Under `cdktf synth` (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) cdktf writes every stack and reports the
 * errors itself; `synthesizeAtomically` writes nothing in either case.
 */
function checkWholeApp(scope: IConstruct): void {
  const root = scope.node.root;
  const all = root.node.findAll();
  const stacks = all.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const current = stacks.find((s) => s === scope || scope.node.scopes.includes(s));
  // A stack made after `applyTo(app)` is under the app's guardrails too: attach them now, before the checks ahead.
  for (const stack of stacks) {
    const guardrails = stack.node.scopes.map((c) => appWide.get(c)).find((g) => g !== undefined);
    if (guardrails && !Aspects.of(stack).all.some((a) => a instanceof KeylessGuardrails)) guardrails.attachLate(stack);
  }
  const attached = attachedByRoot.get(root) ?? [];
  for (const { g } of attached) g.forgetAhead();
  for (const { g, c } of attached) g.checkAhead(c);
  checkApp(root, { stacks });
  if (attached.some(({ g }) => g.strict)) {
    const { warnings } = collectAnnotations(stacks);
    if (warnings.length > 0) throw strictModeError(warnings);
  }
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined) return;
  // Errors in the current stack stop cdktf before it writes it; those of later stacks would stop it after.
  const { errors, warnings } = collectAnnotations(stacks.filter((s) => s !== current));
  if (errors.length > 0) throw errorAnnotationsError([...collectAnnotations(current ? [current] : []).errors, ...errors], warnings);
}

/** Lazily computed facts about a resource's stack: scanned once per stack and pass, only when a rule asks. */
function stackContextOf(stack: TerraformStack, crossStack: CrossStackOutputs): GuardrailStackContext {
  let assignments: Array<{ type: string; config: ResourceConfig }> | undefined;
  const types = new Set<string>(Object.values(POLICY_ASSIGNMENT_TYPES));
  return {
    policyAssignments: () => {
      assignments ??= stack.node.findAll()
        .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && types.has(c.terraformResourceType))
        .flatMap((r) => {
          const config = synthesizedConfig(r, crossStack);
          return config ? [{ type: r.terraformResourceType, config }] : [];
        });
      return assignments;
    },
  };
}

/** True when a TerraformStack is the scope or one of its ancestors. */
/**
 * Aspects are kept per copy of the CDK core (cdktf's `Aspects` key is a private symbol): with two copies installed, e.g.
 * `cdktn` and an npm alias `cdktf@npm:cdktn` side by side, the guardrails added through this library's copy would never
 * run under the app's. The stack test is by symbol, which both copies share; `instanceof` tells them apart.
 */
function assertOneCdkCore(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stack instanceof TerraformStack) return;
  throw new Error(
    `KeylessGuardrails.applyTo: "${scope.node.path}" was made with another copy of the CDK for Terraform core than the one this library loads ` +
      '(for example `cdktn` and an npm alias `cdktf@npm:cdktn` installed side by side). The guardrails would silently not run. ' +
      'Install one copy: with CDK Terrain, alias `cdktf` to cdktn and make `cdktn` a link to it (`"cdktf": "npm:cdktn@0.24.0"`, `"cdktn": "file:node_modules/cdktf"`; examples/consumer-cdktn/README.md).',
  );
}

function isInsideStack(scope: IConstruct): boolean {
  return scope.node.scopes.some((c) => TerraformStack.isStack(c));
}

/**
 * The resource's Terraform JSON body as it will be synthesized (overrides applied, tokens resolved).
 * Each top-level argument is resolved when a rule first reads it, exactly as a resolution of the whole
 * body would resolve it: rules read a few arguments, and resolving every argument here added a third
 * resolution pass over every resource to each synth (role assignment names are nested functions).
 */
function synthesizedConfig(resource: TerraformResource, crossStack: CrossStackOutputs): ResourceConfig | undefined {
  const type = resource.terraformResourceType;
  const id = resource.friendlyUniqueId;
  const body: unknown = resource.toTerraform()?.resource?.[type]?.[id];
  if (body === undefined) return undefined;
  const resolveWhole = (value: unknown) => Tokenization.resolve(value, { scope: resource, preparing: false, resolver: RESOLVER });
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Tokenization.isResolvable(body)) {
    const config = resolveWhole({ resource: { [type]: { [id]: body } } })?.resource?.[type]?.[id];
    return config === undefined ? undefined : (dereferenceCrossStack(config, crossStack) as ResourceConfig);
  }
  const raw = body as Record<string, unknown>;
  const resolved = new Map<string, unknown>();
  const valueOf = (key: string): unknown => {
    if (!resolved.has(key)) {
      // Wrapped in the same path as in the whole document, so diagnostics name the same location.
      const value = resolveWhole({ resource: { [type]: { [id]: { [key]: raw[key] } } } })?.resource?.[type]?.[id]?.[key];
      resolved.set(key, value === undefined ? undefined : dereferenceCrossStack(value, crossStack));
    }
    return resolved.get(key);
  };
  const isArgument = (key: string | symbol): key is string => typeof key === 'string' && Object.prototype.hasOwnProperty.call(raw, key);
  // Arguments that resolve to undefined are absent, as they are from the synthesized JSON.
  return new Proxy({} as Record<string, unknown>, {
    get: (target, key) => (isArgument(key) ? valueOf(key) : Reflect.get(target, key)),
    has: (target, key) => (isArgument(key) ? valueOf(key) !== undefined : Reflect.has(target, key)),
    ownKeys: () => Object.keys(raw).filter((key) => valueOf(key) !== undefined),
    getOwnPropertyDescriptor: (_target, key) => (isArgument(key) && valueOf(key) !== undefined
      ? { value: valueOf(key), writable: false, enumerable: true, configurable: true }
      : undefined),
  });
}

const REMOTE_STATE_OUTPUT = /data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g;
const CROSS_STACK_OUTPUT_PREFIX = 'cross-stack-output-';

/**
 * A reference to a resource in another stack synthesizes as a remote-state output
 * (`${data.terraform_remote_state.x.outputs.cross-stack-output-azurerm_role_definitionrdid}`), which
 * hides what it points at. cdktf names that output's construct `cross-stack-output-<expression>`
 * (`...-azurerm_role_definition.rd.id`), so put the original expression back before the rules read it.
 * Outputs of remote states the app does not own (`outputs.scope_id`) are left as they are.
 */
function dereferenceCrossStack(config: unknown, crossStack: CrossStackOutputs): unknown {
  if (!JSON.stringify(config).includes('terraform_remote_state')) return config;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(REMOTE_STATE_OUTPUT, (match, name: string) => crossStack.expressionOf(name) ?? match);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(config);
}

/** The app's cross-stack outputs, looked up by logical ID. */
interface CrossStackOutputs {
  /** The app whose outputs these are. */
  readonly root: IConstruct;
  /** The expression a cross-stack output exports, by the output's logical ID. */
  expressionOf(logicalId: string): string | undefined;
}

/**
 * Indexes the app's cross-stack outputs with one scan of the tree, on first use. A name that is not in
 * the index (an output of a remote state the app does not own) never triggers another scan: rescanning
 * per miss made synth quadratic in the number of resources reading such outputs.
 */
function crossStackOutputs(root: IConstruct): CrossStackOutputs {
  let outputs: Map<string, string> | undefined;
  return {
    root,
    expressionOf: (logicalId) => {
      if (!outputs) {
        outputs = new Map();
        for (const c of root.node.findAll()) {
          if (TerraformOutput.isTerraformOutput(c) && c.node.id.startsWith(CROSS_STACK_OUTPUT_PREFIX)) {
            outputs.set(c.friendlyUniqueId, c.node.id.slice(CROSS_STACK_OUTPUT_PREFIX.length));
          }
        }
      }
      return outputs.get(logicalId);
    },
  };
}

/** Adds one annotation per rule and resource; synthesizing twice (aspects run on each synth) adds no duplicate. */
function report(resource: TerraformResource, rule: GuardrailRule, findings: string[]): void {
  const refs = [rule.checkov && `Checkov ${rule.checkov}`, rule.azurePolicy && `Azure Policy ${rule.azurePolicy}`].filter(Boolean);
  const message =
    `${rule.id}: ${rule.title}. ${resource.terraformResourceType}.${resource.friendlyUniqueId} (${resource.node.path}): ${findings.join('; ')}. ` +
    `Fix: ${rule.fix}.` +
    (refs.length ? ` See ${refs.join(', ')}.` : '') +
    ` To accept it on this resource only: KeylessGuardrails.suppress(resource, '${rule.id}', '<reason>').`;
  const level = rule.severity === 'error' ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN;
  if (resource.node.metadata.some((entry) => entry.type === level && entry.data === message)) return;
  if (rule.severity === 'error') Annotations.of(resource).addError(message);
  else Annotations.of(resource).addWarning(message);
}
