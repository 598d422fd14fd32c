// The key under which the Electron preload exposes the API to the page (`window.cairn`); the
// renderer reads the same key. How errors cross that bridge is in api-error-codec.ts.
export const WINDOW_API_KEY = 'cairn';
