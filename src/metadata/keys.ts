/**
 * Metadata keys. Strings, not symbols, so two copies of shardline loaded by mistake still read each
 * other's metadata instead of silently seeing none.
 */
export const STREAM_HANDLER_KEY = 'shardline:stream-handler';
export const ROUTES_KEY = 'shardline:routes';
export const PAYLOAD_TYPE_KEY = 'shardline:payload-type';
export const INTERCEPTORS_KEY = 'shardline:interceptors';
export const WINDOW_METHODS_KEY = 'shardline:window-methods';
/** The window machinery (`WindowSupport`), recorded by the window decorators so that only their users load it. */
export const WINDOW_SUPPORT_KEY = 'shardline:window-support';
