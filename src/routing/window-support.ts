/**
 * How the core reaches the tumbling-window machinery: through a reference that only `@WindowReduce`
 * and `@OnWindowEnd` record on a class (metadata), never through an import. A bundle of handlers
 * without window methods then carries none of it: the compiler, the fold, state classes, the end
 * method, the 1 MB check. The one implementation is `windowSupport` (compile-window.ts).
 */
import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import type { CompiledWindow, WindowBinding } from './compile-window.js';

/**
 * The window machinery, as `createHandler` calls it.
 *
 * @example
 * const window = getWindowSupport(binding.cls)?.compile(bindings, settings.validation);
 */
export interface WindowSupport {
  /** Compiles the window methods of `bindings` (see `compileWindow`), or `undefined` when none has any. */
  compile(
    bindings: readonly WindowBinding[],
    validation: { readonly transformer: ClassTransformOptions; readonly validator: ValidatorOptions },
  ): CompiledWindow | undefined;
  /** The message for a class with window methods and no route. */
  withoutRoutes(name: string): string;
}
