/**
 * How a tumbling window's state crosses between Lambda and the user's methods: a plain JSON object
 * (copied before the reducer may change it, so the event is never altered), or an instance of a
 * state class (class-transformer in, class-validator and class-transformer out, like payloads).
 * Decided once per handler; used at most twice an invocation, never per record.
 */
import { instanceToPlain, plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { validate, validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { formatValidationErrors } from '../../errors.js';
import { WindowStateError } from '../../windows/errors.js';
import type { Constructor } from '../../metadata/definitions.js';
import { validationMode } from '../../records/validate-payload.js';
import type { WindowState } from '../../types.js';
import { errorName, redactError } from '../../records/redact-error.js';

/**
 * The state as the user's methods see it, and as Lambda keeps it.
 *
 * @example
 * const shape = plainStateShape();
 * const state = shape.open(event.state ?? {});
 * const back = await shape.close(reduce(state, 3));
 */
export interface StateShape {
  /** The state class's name, or `undefined` for plain objects. */
  readonly className: string | undefined;
  /** Lambda's state, ready for the reducer (a copy: the reducer may change it). */
  open(value: WindowState): object;
  /** What the reducer returned, checked and ready for the response. */
  close(state: unknown): WindowState | Promise<WindowState>;
}

/**
 * A library's error about a state, without its message: the state is built from payloads, and
 * messages such as V8's TypeErrors quote the values they failed on.
 */
function redacted(error: unknown, library: string): Error {
  return redactError(error, `${errorName(error)} from ${library} (its message is left out: it may quote the state)`);
}

/** Lambda keeps a JSON object (a map from names to values); anything else is refused before it is returned. */
function checkObject(value: unknown, what: string): WindowState {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as WindowState;
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : value === undefined ? 'undefined' : `a ${typeof value}`;
  throw new WindowStateError(`${what} is ${got}; Lambda keeps a tumbling window's state as a JSON object`);
}

/**
 * Plain JSON objects. The reducer gets a structured clone of the event's state: tests hand the same
 * event to a handler more than once, and a reducer that adds to its state in place must not change it.
 *
 * @example
 * plainStateShape().open({ sum: 3 }); // { sum: 3 }, a copy
 */
export function plainStateShape(): StateShape {
  return {
    className: undefined,
    open: (value) => {
      try {
        return structuredClone(value);
      } catch (error) {
        throw new WindowStateError(`Lambda's state cannot be copied (${errorName(error)})`, { cause: redacted(error, 'structuredClone') });
      }
    },
    close: (state) => checkObject(state, 'the state the reducer returned'),
  };
}

/**
 * A state class: Lambda's state is transformed into an instance (a new window's `{}` becomes an
 * instance with the field initialisers' values), and the state handed back is validated (when the
 * class has constraints; with `validate` when one may be async) and turned back into a plain object.
 *
 * @example
 * const shape = classStateShape(Totals, { transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS });
 */
export function classStateShape(cls: Constructor, settings: { readonly transformer: ClassTransformOptions; readonly validator: ValidatorOptions }): StateShape {
  const className = cls.name || 'the state class';
  const target = cls as unknown as new () => object;
  const { transformer, validator } = settings;
  const mode = validationMode(cls);

  const toInstance = (value: unknown, what: string): object => {
    if (value instanceof target) return value;
    checkObject(value, what);
    try {
      return plainToInstance(target, value, transformer);
    } catch (error) {
      throw new WindowStateError(`${className} could not be built from ${what}: class-transformer threw ${errorName(error)}`, {
        cause: redacted(error, 'class-transformer'),
      });
    }
  };
  const invalid = (errors: ValidationError[]): WindowStateError =>
    new WindowStateError(`the state is not a valid ${className}: ${formatValidationErrors(errors)}`, { errors });
  const toPlain = (instance: object): WindowState => {
    let plain: unknown;
    try {
      plain = instanceToPlain(instance, transformer);
    } catch (error) {
      throw new WindowStateError(`${className} could not be turned back into a plain object: class-transformer threw ${errorName(error)}`, {
        cause: redacted(error, 'class-transformer'),
      });
    }
    return checkObject(plain, `${className} as a plain object`);
  };
  const check = (instance: object, errors: ValidationError[]): WindowState => {
    if (errors.length > 0) throw invalid(errors);
    return toPlain(instance);
  };

  return {
    className,
    open: (value) => toInstance(value, "Lambda's state"),
    close: (state) => {
      const instance = toInstance(state, 'the state the reducer returned');
      if (mode === 'none') return toPlain(instance);
      if (mode === 'async') return validate(instance, validator).then((errors) => check(instance, errors));
      return check(instance, validateSync(instance, validator));
    },
  };
}

/**
 * Why a new window's state (`{}`, how Lambda opens every window) is not a valid instance of the
 * state class, or `undefined` when it is. Answers only for classes validated synchronously; a class
 * with an async constraint is checked when its first window opens.
 *
 * @example
 * openingStateProblem(Totals, settings); // 'sum: sum must be a number' when sum has no initial value
 */
export function openingStateProblem(
  cls: Constructor,
  settings: { readonly transformer: ClassTransformOptions; readonly validator: ValidatorOptions },
): string | undefined {
  if (validationMode(cls) !== 'sync') return undefined;
  let errors: ValidationError[];
  try {
    errors = validateSync(plainToInstance(cls as unknown as new () => object, {}, settings.transformer), settings.validator);
  } catch (error) {
    return `class-transformer or class-validator threw ${errorName(error)}`;
  }
  return errors.length === 0 ? undefined : formatValidationErrors(errors);
}
