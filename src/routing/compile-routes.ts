/**
 * Turns the metadata of handler classes into a frozen route table, once, at cold start. Every
 * mistake in a definition is found here and thrown as a `DefinitionError` that names the class and
 * method, so it fails the deployment's first invocation instead of a record at 3 a.m.
 */
import type { RecordContext } from '../context.js';
import { DefinitionError, RouteConflictError } from '../errors.js';
import type {
  Constructor,
  Discriminator,
  PartitionKeyMatcher,
  PayloadTypeDefinition,
  RouteDefinition,
  StreamHandlerDefinition,
} from '../metadata/definitions.js';
import { getInterceptors, getPayloadType, getWindowSupport } from '../metadata/metadata.js';
import type { Codec, CodecOption } from '../records/codecs/codec.js';
import { resolveCodec } from '../records/codecs/resolve-codec.js';
import { compilePayloadValidator, type ValidationSettings } from '../records/validate-payload.js';
import { logSafely } from '../runtime/logger.js';
import type { CompiledWindow } from './compile-window.js';
import { compileDiscriminator, describeDiscriminator } from './discriminator.js';
import { intercept, type Interceptor } from './interceptor.js';
import { compilePartitionKeyMatcher, describePartitionKeyMatcher } from './match-partition-key.js';
import type { CompiledRoute, RouteDescription } from './route.js';
import { KeyIndex, RouteTable, TypeIndex, type TypeBucket, type TypeGroup } from './route-table.js';

/** A handler instance with the metadata of its class. */
export interface HandlerBinding {
  readonly instance: object;
  readonly cls: Constructor;
  readonly definition: StreamHandlerDefinition;
  readonly routes: readonly RouteDefinition[];
}

/** What the table is compiled with: the handler's resolved options qualify as they are. */
export interface RouteSettings extends ValidationSettings {
  readonly codec: Codec;
  readonly discriminator: Discriminator;
  /** Interceptors around every route (the `interceptors` option), outermost first. */
  readonly interceptors?: readonly Interceptor[];
}

/**
 * Compiles the route table of a set of handlers.
 *
 * @throws DefinitionError for a route that cannot work, RouteConflictError for two routes that
 *   would receive the same records.
 * @example
 * const table = compileRouteTable(bindings, { codec: jsonCodec, discriminator: 'type', transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS });
 */
export function compileRouteTable(bindings: readonly HandlerBinding[], settings: RouteSettings): RouteTable {
  const compiler = new TableCompiler(settings, windowOf(bindings, settings));
  for (const binding of bindings) {
    checkInterceptedMethods(binding);
    for (const definition of binding.routes) compiler.add(binding, definition);
  }
  return compiler.build();
}

/**
 * The window methods of `bindings`, compiled by the machinery their decorators recorded (see
 * `WindowSupport`); `undefined`, without loading any of it, when no class has window methods.
 */
function windowOf(bindings: readonly HandlerBinding[], validation: ValidationSettings): CompiledWindow | undefined {
  for (const binding of bindings) {
    const support = getWindowSupport(binding.cls);
    if (support !== undefined) return support.compile(bindings, validation);
  }
  return undefined;
}

class TableCompiler {
  readonly #routes: CompiledRoute[] = [];
  /** Type routes by the codec their type is read with, then by discriminator. */
  readonly #groups = new Map<Codec, Map<Discriminator, TypeGroup>>();
  readonly #keys = new KeyIndex();
  readonly #claimed = new Map<string, string>();
  readonly #identities = new Map<unknown, number>();
  /** Built-in routes to add once every user route has claimed its records, by claim scope. */
  readonly #acknowledgements = new Map<string, { type: string; discriminator: Discriminator; codec: Codec; payload: Constructor }>();
  #unmatched: CompiledRoute | undefined;
  #invalid: CompiledRoute | undefined;
  readonly #settings: RouteSettings;
  /** The tumbling-window methods, when a class has them: the routes of that class contribute. */
  readonly #window: CompiledWindow | undefined;

  constructor(settings: RouteSettings, window: CompiledWindow | undefined) {
    this.#settings = settings;
    this.#window = window;
  }

  add(binding: HandlerBinding, definition: RouteDefinition): void {
    const route = this.#compile(binding, definition);
    this.#routes.push(route);
    if (definition.payload !== undefined) this.#noteAcknowledgements(definition.payload, route.codec);
    switch (definition.kind) {
      case 'record':
        this.#addTypeRoute(route, definition);
        break;
      case 'partition-key':
        this.#addKeyRoute(this.#keys, route, definition.partitionKey as PartitionKeyMatcher, 'key');
        break;
      case 'unmatched':
        this.#claim('@OnUnmatched', route);
        this.#unmatched = route;
        break;
      case 'invalid':
        this.#claim('@OnInvalid', route);
        this.#invalid = route;
        break;
    }
  }

  /**
   * Adds the built-in routes that acknowledge the types listed in `@PayloadType({ acknowledge })`
   * of the payload classes in use. A user route for the same type and discriminator wins.
   */
  #addAcknowledgements(): void {
    for (const [scope, { type, discriminator, codec, payload }] of this.#acknowledgements) {
      if (this.#claimed.has(scope)) continue;
      const method = `acknowledge (built in, for ${payload.name || 'a payload class'})`;
      const description: RouteDescription = Object.freeze({
        kind: 'record',
        handler: 'shardline',
        method,
        type,
        discriminator: describeDiscriminator(discriminator),
        codec: codec.name,
      });
      const route: CompiledRoute = Object.freeze({
        id: `shardline.${method}`,
        kind: 'record',
        // The codec that matched the record by type, so the dispatcher does not decode it again.
        codec,
        validate: undefined,
        invoke: acknowledge(type),
        contributes: false,
        description,
      });
      this.#claim(scope, route);
      this.#bucket(codec, discriminator, type).plain = route;
      this.#routes.push(route);
    }
  }

  build(): RouteTable {
    this.#addAcknowledgements();
    // The handler-wide codec and discriminator come first: they are what most records are routed by.
    const first = <T>(keys: Iterable<T>, preferred: T) => [...keys].sort((a, b) => Number(b === preferred) - Number(a === preferred));
    const codecs = first(this.#groups.keys(), this.#settings.codec);
    const groups = codecs.map((codec) => {
      const byDiscriminator = this.#groups.get(codec) as Map<Discriminator, TypeGroup>;
      return Object.freeze(first(byDiscriminator.keys(), this.#settings.discriminator).map((d) => byDiscriminator.get(d) as TypeGroup));
    });
    return new RouteTable(
      Object.freeze(this.#routes),
      Object.freeze(codecs),
      Object.freeze(groups),
      this.#keys,
      this.#unmatched,
      this.#invalid,
      this.#settings.codec,
      this.#window,
    );
  }

  #compile(binding: HandlerBinding, definition: RouteDefinition): CompiledRoute {
    const handler = nameOf(binding.cls);
    const method = String(definition.method);
    const where = `${handler}.${method}`;
    const fn = (binding.instance as Record<string | symbol, unknown>)[definition.method];
    if (typeof fn !== 'function') throw new DefinitionError(`${where} is decorated as a route but is not a method of the instance`);

    const codecOption: CodecOption = definition.codec ?? binding.definition.codec ?? this.#settings.codec;
    const codec = resolveCodec(codecOption);
    if (typeof codec === 'string') throw new DefinitionError(`${where}: ${codec}`);

    const typed = definition.kind === 'record' && {
      type: this.#typeName(definition, where),
      discriminator: describeDiscriminator(this.#discriminatorOf(definition)),
    };
    const contributes = this.#window !== undefined && this.#window.cls === binding.cls;
    const description: RouteDescription = Object.freeze({
      kind: definition.kind,
      handler,
      method,
      ...typed,
      ...(definition.partitionKey !== undefined && { partitionKey: describePartitionKeyMatcher(definition.partitionKey) }),
      ...(definition.payload !== undefined && { payload: definition.payload.name }),
      codec: codec.name,
      ...(contributes && { contributesTo: this.#window.id }),
    });
    const bound = (fn as (payload: unknown, context: RecordContext) => unknown).bind(binding.instance);
    const intercepted = getInterceptors(binding.cls);
    const interceptors = [...(this.#settings.interceptors ?? []), ...intercepted.handler, ...(intercepted.methods.get(definition.method) ?? [])];
    return Object.freeze({
      id: where,
      kind: definition.kind,
      codec,
      validate: definition.payload === undefined ? undefined : compilePayloadValidator(definition.payload, this.#settings),
      invoke: intercept(bound, interceptors, description),
      contributes,
      description,
    });
  }

  /**
   * A record route names its type, or its payload class does: `@OnRecord` refuses one with neither
   * a type nor a `@PayloadType` class. What remains is a base class, whose `@PayloadType` has options only.
   */
  #typeName(definition: RouteDefinition, where: string): string {
    const type = definition.type ?? getPayloadType(definition.payload as Constructor)?.name;
    if (type !== undefined) return type;
    const name = definition.payload?.name || 'its payload class';
    throw new DefinitionError(
      `${where}: ${name} is a base payload class and names no type; extend it with a class that has @PayloadType('...'), or use @OnRecord({ type: '...', payload: ${name} })`,
    );
  }

  #discriminatorOf(definition: RouteDefinition): Discriminator {
    const fromClass = definition.payload === undefined ? undefined : inheritedOptions(definition.payload).discriminator;
    return definition.discriminator ?? fromClass ?? this.#settings.discriminator;
  }

  #noteAcknowledgements(payload: Constructor, codec: Codec): void {
    const { discriminator = this.#settings.discriminator, acknowledge } = inheritedOptions(payload);
    if (acknowledge === undefined) return;
    for (const type of acknowledge) {
      const scope = this.#typeScope(type, discriminator, codec);
      if (!this.#acknowledgements.has(scope)) this.#acknowledgements.set(scope, { type, discriminator, codec, payload });
    }
  }

  /** Records a type route claims: its type, read by its discriminator from what its codec decodes. */
  #typeScope(type: string, discriminator: Discriminator, codec: Codec): string {
    const decoded = codec === this.#settings.codec ? '' : ` with codec ${JSON.stringify(codec.name)}`;
    return `type ${JSON.stringify(type)} by ${this.#identity(discriminator)}${decoded}`;
  }

  #bucket(codec: Codec, discriminator: Discriminator, type: string): TypeBucket {
    let byDiscriminator = this.#groups.get(codec);
    if (byDiscriminator === undefined) {
      byDiscriminator = new Map();
      this.#groups.set(codec, byDiscriminator);
    }
    let group = byDiscriminator.get(discriminator);
    if (group === undefined) {
      group = { read: compileDiscriminator(discriminator), types: new TypeIndex() };
      byDiscriminator.set(discriminator, group);
    }
    return group.types.bucket(type);
  }

  #addTypeRoute(route: CompiledRoute, definition: RouteDefinition): void {
    const discriminator = this.#discriminatorOf(definition);
    const type = route.description.type as string;
    const bucket = this.#bucket(route.codec, discriminator, type);
    const scope = this.#typeScope(type, discriminator, route.codec);
    if (definition.partitionKey === undefined) {
      this.#claim(scope, route);
      bucket.plain = route;
    } else {
      bucket.keyed ??= new KeyIndex();
      this.#addKeyRoute(bucket.keyed, route, definition.partitionKey, scope);
    }
  }

  #addKeyRoute(index: KeyIndex, route: CompiledRoute, matcher: PartitionKeyMatcher, scope: string): void {
    this.#claim(`${scope} and partition key ${typeof matcher === 'function' ? this.#identity(matcher) : describePartitionKeyMatcher(matcher)}`, route);
    if (typeof matcher === 'string') index.addExact(matcher, route);
    else index.addTest(compilePartitionKeyMatcher(matcher), route);
  }

  /** Two routes claiming the same records is a conflict: which one should win would be a guess. */
  #claim(what: string, route: CompiledRoute): void {
    const holder = this.#claimed.get(what);
    if (holder !== undefined) {
      throw new RouteConflictError(`${route.id} and ${holder} both handle ${what}; keep one, or make one more specific`);
    }
    this.#claimed.set(what, route.id);
  }

  /** Strings stand for themselves; functions by identity, so only the same function conflicts. */
  #identity(value: Discriminator | PartitionKeyMatcher): string {
    if (typeof value === 'string') return JSON.stringify(value);
    let id = this.#identities.get(value);
    if (id === undefined) {
      id = this.#identities.size + 1;
      this.#identities.set(value, id);
    }
    return `function #${id} ${(value as { name?: string }).name ?? ''}`.trimEnd();
  }
}

/** `@UseInterceptors` on a method that is not a route would silently do nothing: a mistake to report. */
function checkInterceptedMethods(binding: HandlerBinding): void {
  for (const method of getInterceptors(binding.cls).methods.keys()) {
    if (!binding.routes.some((route) => route.method === method)) {
      throw new DefinitionError(
        `@UseInterceptors on ${nameOf(binding.cls)}.${String(method)}: the method is not a route; add ${ROUTE_DECORATORS}, or put @UseInterceptors on the class`,
      );
    }
  }
}

/** The decorators that make a method a route, as messages list them. */
export const ROUTE_DECORATORS = '@OnRecord, @OnPartitionKey, @OnUnmatched or @OnInvalid';

function nameOf(cls: Constructor): string {
  return cls.name || 'anonymous handler';
}

/**
 * The `@PayloadType` options of a payload class: each its own, else that of the nearest class it
 * extends that sets it. Only options are inherited; a type name is always the class's own.
 */
function inheritedOptions(payload: Constructor): Pick<PayloadTypeDefinition, 'discriminator' | 'acknowledge'> {
  let discriminator: Discriminator | undefined;
  let acknowledge: readonly string[] | undefined;
  for (let cls: unknown = payload; typeof cls === 'function' && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
    const definition = getPayloadType(cls as Constructor);
    if (definition === undefined) continue;
    discriminator ??= definition.discriminator;
    acknowledge ??= definition.acknowledge;
  }
  return { discriminator, acknowledge };
}

/** The whole of a built-in acknowledging route: the record succeeds, and a debug line says why. */
function acknowledge(type: string): (payload: unknown, context: RecordContext) => void {
  return (_payload, { record, logger }) => {
    logSafely(logger, 'debug', 'record acknowledged by a built-in route', {
      sequenceNumber: record.sequenceNumber,
      ...(record.subSequenceNumber !== undefined && { subSequenceNumber: record.subSequenceNumber }),
      partitionKey: record.partitionKey,
      type,
    });
  };
}
