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
  RouteKind,
  StreamHandlerDefinition,
} from '../metadata/definitions.js';
import { getInterceptors, getPayloadType, getWindowSupport } from '../metadata/metadata.js';
import type { Codec } from '../records/codecs/codec.js';
import { resolveCodec } from '../records/codecs/resolve-codec.js';
import { compilePayloadValidator, type PayloadValidator, type ValidationSettings } from '../records/validate-payload.js';
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
  const { codec: defaultCodec, discriminator: defaultDiscriminator } = settings;
  const window = windowOf(bindings, settings);
  const routes: CompiledRoute[] = [];
  /** Type routes by the codec their type is read with, then by discriminator. */
  const groups = new Map<Codec, Map<Discriminator, TypeGroup>>();
  const keys = new KeyIndex();
  /** What each claimed set of records is (see `claim`), and the id of the route that claimed it. */
  const claimed = new Map<string, string>();
  const identities = new Map<unknown, number>();
  /** Built-in routes to add once every user route has claimed its records, by claim scope. */
  const acknowledgements = new Map<string, [type: string, discriminator: Discriminator, codec: Codec, payload: Constructor]>();
  let unmatched: CompiledRoute | undefined;
  let invalid: CompiledRoute | undefined;

  /** Two routes claiming the same records is a conflict: which one should win would be a guess. */
  const claim = (what: string, route: CompiledRoute): void => {
    const holder = claimed.get(what);
    if (holder !== undefined) throw new RouteConflictError(`${route.id} and ${holder} both handle ${what}; keep one, or make one more specific`);
    claimed.set(what, route.id);
  };

  /** Strings stand for themselves; functions by identity, so only the same function conflicts. */
  const identity = (value: Discriminator | PartitionKeyMatcher): string => {
    if (typeof value === 'string') return JSON.stringify(value);
    const id = identities.get(value) ?? identities.size + 1;
    identities.set(value, id);
    return `function #${id} ${(value as { name?: string }).name ?? ''}`.trimEnd();
  };

  /** Records a type route claims: its type, read by its discriminator from what its codec decodes. */
  const typeScope = (type: string, discriminator: Discriminator, codec: Codec): string =>
    `type ${JSON.stringify(type)} by ${identity(discriminator)}${codec === defaultCodec ? '' : ` with codec ${JSON.stringify(codec.name)}`}`;

  const bucket = (codec: Codec, discriminator: Discriminator, type: string): TypeBucket => {
    const byDiscriminator = groups.get(codec) ?? new Map<Discriminator, TypeGroup>();
    groups.set(codec, byDiscriminator);
    const group = byDiscriminator.get(discriminator) ?? { read: compileDiscriminator(discriminator), types: new TypeIndex() };
    byDiscriminator.set(discriminator, group);
    return group.types.bucket(type);
  };

  const addKeyRoute = (index: KeyIndex, route: CompiledRoute, matcher: PartitionKeyMatcher, scope: string): void => {
    claim(`${scope} and partition key ${typeof matcher === 'function' ? identity(matcher) : describePartitionKeyMatcher(matcher)}`, route);
    if (typeof matcher === 'string') index.addExact(matcher, route);
    else index.addTest(compilePartitionKeyMatcher(matcher), route);
  };

  for (const binding of bindings) {
    checkInterceptedMethods(binding);
    for (const definition of binding.routes) {
      const handler = nameOf(binding.cls);
      const method = String(definition.method);
      const where = `${handler}.${method}`;
      const { kind, payload, partitionKey } = definition;
      const fn = (binding.instance as Record<string | symbol, unknown>)[definition.method];
      if (typeof fn !== 'function') throw new DefinitionError(`${where} is decorated as a route but is not a method of the instance`);

      const codec = resolveCodec(definition.codec ?? binding.definition.codec ?? defaultCodec);
      if (typeof codec === 'string') throw new DefinitionError(`${where}: ${codec}`);

      const options = inheritedOptions(payload);
      const discriminator = definition.discriminator ?? options.discriminator ?? defaultDiscriminator;
      const type = kind === 'record' ? typeName(definition, where) : undefined;
      const contributes = window !== undefined && window.cls === binding.cls;
      const description: RouteDescription = Object.freeze({
        kind,
        handler,
        method,
        ...(type !== undefined && { type, discriminator: describeDiscriminator(discriminator) }),
        ...(partitionKey !== undefined && { partitionKey: describePartitionKeyMatcher(partitionKey) }),
        ...(payload !== undefined && { payload: payload.name }),
        codec: codec.name,
        ...(contributes && { contributesTo: window.id }),
      });
      const bound = (fn as (payload: unknown, context: RecordContext) => unknown).bind(binding.instance);
      const intercepted = getInterceptors(binding.cls);
      const interceptors = [...(settings.interceptors ?? []), ...intercepted.handler, ...(intercepted.methods.get(definition.method) ?? [])];
      const route = compiledRoute(
        where,
        kind,
        codec,
        payload === undefined ? undefined : compilePayloadValidator(payload, settings),
        intercept(bound, interceptors, description),
        contributes,
        description,
      );
      routes.push(route);
      if (payload !== undefined) {
        const ackDiscriminator = options.discriminator ?? defaultDiscriminator;
        for (const acknowledged of options.acknowledge ?? []) {
          const scope = typeScope(acknowledged, ackDiscriminator, codec);
          if (!acknowledgements.has(scope)) acknowledgements.set(scope, [acknowledged, ackDiscriminator, codec, payload]);
        }
      }
      if (type !== undefined) {
        // A plain type route claims its type; one with a partition key, that type and key.
        const into = bucket(codec, discriminator, type);
        const scope = typeScope(type, discriminator, codec);
        if (partitionKey === undefined) {
          claim(scope, route);
          into.plain = route;
        } else addKeyRoute((into.keyed ??= new KeyIndex()), route, partitionKey, scope);
      } else if (kind === 'partition-key') addKeyRoute(keys, route, partitionKey as PartitionKeyMatcher, 'key');
      else if (kind === 'unmatched') {
        claim('@OnUnmatched', route);
        unmatched = route;
      } else {
        claim('@OnInvalid', route);
        invalid = route;
      }
    }
  }

  // The built-in routes that acknowledge the types listed in `@PayloadType({ acknowledge })` of the
  // payload classes in use. A user route for the same type and discriminator wins.
  for (const [scope, [type, discriminator, codec, payload]] of acknowledgements) {
    if (claimed.has(scope)) continue;
    const method = `acknowledge (built in, for ${payload.name || 'a payload class'})`;
    const description = Object.freeze({
      kind: 'record',
      handler: 'shardline',
      method,
      type,
      discriminator: describeDiscriminator(discriminator),
      codec: codec.name,
    } as const);
    // The codec that matched the record by type, so the dispatcher does not decode it again.
    const route = compiledRoute(`shardline.${method}`, 'record', codec, undefined, acknowledge(type), false, description);
    claim(scope, route);
    bucket(codec, discriminator, type).plain = route;
    routes.push(route);
  }

  // The handler-wide codec and discriminator come first: they are what most records are routed by.
  const first = <T>(keys: Iterable<T>, preferred: T) => [...keys].sort((a, b) => Number(b === preferred) - Number(a === preferred));
  const codecs = first(groups.keys(), defaultCodec);
  const typeGroups = codecs.map((codec) => {
    const byDiscriminator = groups.get(codec) as Map<Discriminator, TypeGroup>;
    return Object.freeze(first(byDiscriminator.keys(), defaultDiscriminator).map((d) => byDiscriminator.get(d) as TypeGroup));
  });
  return new RouteTable(Object.freeze(routes), Object.freeze(codecs), Object.freeze(typeGroups), keys, unmatched, invalid, defaultCodec, window);
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

/** A frozen `CompiledRoute`: the user routes and the built-in ones are made here alike. */
function compiledRoute(
  id: string,
  kind: RouteKind,
  codec: Codec,
  validate: PayloadValidator | undefined,
  invoke: CompiledRoute['invoke'],
  contributes: boolean,
  description: RouteDescription,
): CompiledRoute {
  return Object.freeze({ id, kind, codec, validate, invoke, contributes, description });
}

/**
 * A record route names its type, or its payload class does: `@OnRecord` refuses one with neither
 * a type nor a `@PayloadType` class. What remains is a base class, whose `@PayloadType` has options only.
 */
function typeName(definition: RouteDefinition, where: string): string {
  const type = definition.type ?? getPayloadType(definition.payload as Constructor)?.name;
  if (type !== undefined) return type;
  const name = definition.payload?.name || 'its payload class';
  throw new DefinitionError(
    `${where}: ${name} is a base payload class, with no type; extend it with a @PayloadType('...') class, or use @OnRecord({ type: '...', payload: ${name} })`,
  );
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
function inheritedOptions(payload: Constructor | undefined): Pick<PayloadTypeDefinition, 'discriminator' | 'acknowledge'> {
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
