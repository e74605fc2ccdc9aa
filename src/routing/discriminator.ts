import { DefinitionError } from '../errors.js';
import type { Discriminator } from '../metadata/definitions.js';

/** Reads the payload type of a decoded value; `undefined` when it has none. */
export type TypeReader = (payload: unknown) => string | undefined;

const PATH = /^[^.]+(\.[^.]+)*$/;

/**
 * Compiles a discriminator: a dot path (`'type'`, `'detail-type'`, `'meta.kind'`) or a function.
 * Only own properties are read, so a path can never reach `constructor` or a prototype; only a
 * string counts as a type.
 *
 * @example
 * compileDiscriminator('meta.kind')({ meta: { kind: 'order.created' } }); // 'order.created'
 */
export function compileDiscriminator(discriminator: Discriminator): TypeReader {
  if (typeof discriminator === 'function') {
    return (payload) => {
      const type = discriminator(payload);
      return typeof type === 'string' ? type : undefined;
    };
  }
  if (discriminator === 'type') {
    // The default: read as a named property, which V8 compiles to an inline load over the few
    // payload shapes a stream carries; a computed key (below) goes through a keyed load stub.
    return readType;
  }
  const segments = discriminator.split('.');
  if (segments.length === 1 && !(discriminator in Object.prototype)) {
    // Nothing named like this can be inherited from Object.prototype, so a plain read is as safe as
    // an own-property check and cheaper on the hot path.
    return (payload) => {
      if (typeof payload !== 'object' || payload === null) return undefined;
      const type = (payload as Record<string, unknown>)[discriminator];
      return typeof type === 'string' ? type : undefined;
    };
  }
  // Own properties only, one segment or more: a name like `constructor` or `toString` is inherited by every object.
  return (payload) => {
    let value = payload;
    for (const segment of segments) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
    return typeof value === 'string' ? value : undefined;
  };
}

/** The default discriminator, `'type'`: nothing named `type` is inherited from Object.prototype, so a plain read is as safe as an own-property check. */
function readType(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const type = (payload as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Refuses a discriminator option (of `where`) that is given but is neither a well-formed dot path nor a function.
 *
 * @example
 * checkDiscriminator('@OnRecord', 'meta..kind'); // throws a DefinitionError
 */
export function checkDiscriminator(where: string, discriminator: unknown, Refusal: typeof DefinitionError = DefinitionError): void {
  if (discriminator === undefined || typeof discriminator === 'function' || (typeof discriminator === 'string' && PATH.test(discriminator))) return;
  throw new Refusal(
    `${where}: a discriminator must be a dot path ('type', 'meta.kind') or a function, but got ${JSON.stringify(discriminator) ?? typeof discriminator}`,
  );
}

/**
 * How a discriminator reads in `handler.routes` and `handler.options`: the path, or `function <name>`.
 *
 * @example
 * describeDiscriminator((payload) => payload); // 'function (anonymous)'
 */
export function describeDiscriminator(discriminator: Discriminator): string {
  return typeof discriminator === 'string' ? discriminator : `function ${discriminator.name || '(anonymous)'}`;
}
