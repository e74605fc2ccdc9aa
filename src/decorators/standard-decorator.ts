import { DefinitionError } from '../errors.js';

/**
 * The part of a TC39 standard decorator's context object that shardline reads to name the member.
 *
 * @example
 * const context: StandardDecoratorContext = { kind: 'method', name: 'created', static: false };
 */
export interface StandardDecoratorContext {
  readonly kind: string;
  readonly name: string | symbol | undefined;
  readonly static?: boolean;
}

const STANDARD_KINDS: readonly unknown[] = ['class', 'method', 'getter', 'setter', 'field', 'accessor'];

/**
 * Whether a decorator's second argument is a TC39 standard decorator context. A legacy
 * (`experimentalDecorators`) decorator gets a property key or nothing there, never an object, so an
 * object with a decorator `kind` and a `name` means the file was compiled with standard decorators:
 * TypeScript 5's default, and what tsx and esbuild do for a file that no tsconfig `include` covers.
 *
 * @example
 * isStandardDecoratorContext({ kind: 'method', name: 'created', static: false, addInitializer() {} }); // true
 * isStandardDecoratorContext('created'); // false: a legacy method decorator's property key
 */
export function isStandardDecoratorContext(value: unknown): value is StandardDecoratorContext {
  return value !== null && typeof value === 'object' && STANDARD_KINDS.includes((value as { kind?: unknown }).kind) && 'name' in value;
}

/**
 * Throws the `DefinitionError` that says how to fix a file compiled with standard decorators, when
 * `context` is a standard decorator context; returns otherwise. Every shardline decorator calls it
 * first: without it, a standard call fails later with a message about something else entirely.
 *
 * @example
 * return (target, method, descriptor) => {
 *   rejectStandardDecorator('OnRecord', method);
 *   // a legacy call from here on
 * };
 */
export function rejectStandardDecorator(decorator: string, context: unknown): void {
  if (!isStandardDecoratorContext(context)) return;
  throw new DefinitionError(
    `@${decorator} on ${describeMember(context)}: this file was compiled with standard (TC39) decorators; shardline's are TypeScript's legacy ones. ` +
      'Set "experimentalDecorators": true in the compilerOptions of the tsconfig.json whose "include" covers this file ' +
      '(tsx and esbuild use standard decorators for a file no "include" covers).',
  );
}

function describeMember(context: StandardDecoratorContext): string {
  const name = context.name === undefined ? 'an anonymous class' : String(context.name);
  if (context.kind === 'class') return context.name === undefined ? name : `class ${name}`;
  const kind = context.kind === 'method' ? '' : `${context.kind} `;
  return `${context.static === true ? 'static ' : ''}${kind}${name}`;
}
