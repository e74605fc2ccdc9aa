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
  if (segments.length === 1) {
    return (payload) => {
      if (typeof payload !== 'object' || payload === null || !Object.hasOwn(payload, discriminator)) return undefined;
      const type = (payload as Record<string, unknown>)[discriminator];
      return typeof type === 'string' ? type : undefined;
    };
  }
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

/** Whether a discriminator option is well formed; the reason when it is not. */
export function checkDiscriminator(discriminator: unknown): string | undefined {
  if (typeof discriminator === 'function') return undefined;
  if (typeof discriminator === 'string' && PATH.test(discriminator)) return undefined;
  return `a discriminator must be a dot path such as 'type' or 'meta.kind', or a function, but got ${JSON.stringify(discriminator) ?? typeof discriminator}`;
}
