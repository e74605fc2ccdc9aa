/**
 * `shardline/windows`: tumbling-window aggregation, `@WindowReduce` and `@OnWindowEnd`. A subpath of
 * its own because the decorators carry the whole window machinery (the compiler, the fold, state
 * classes, the end method, the 1 MB check): a CommonJS bundle keeps everything an entry exports, so
 * in the main entry it would be in every Lambda bundle, windows or not. The main entry keeps what a
 * handler without window methods still meets: the event and response types, `WindowState`, and
 * `WindowReport`/`WindowInfo` (what `processBatch` reports about a window).
 */
export { WindowReduce, type WindowReduceOptions } from '../decorators/window-reduce.decorator.js';
export { OnWindowEnd } from '../decorators/on-window-end.decorator.js';
export type { WindowContext } from '../runtime/window/window-context.js';
export { MAX_WINDOW_STATE_BYTES } from '../runtime/window/window-response.js';
export { WindowStateError, WindowStateTooLargeError, WindowReduceError, WindowEndError } from './errors.js';
