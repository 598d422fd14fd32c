// The names by which Cairn's extension and its native host know each other, in one place: the host
// name the extension connects to, and the extension ids the host manifest admits. Constants only, so
// that the extension's bundle can take them without anything else of the capture layer.

/** The native-messaging host's name (the extension's connectNative, the host manifest's file name). */
export const NATIVE_HOST_NAME = 'dev.cairn.browser';

/** Chromium's id for the extension, fixed by the public "key" in extension/manifest.json. */
export const CHROMIUM_EXTENSION_ID = 'eabmdeckoiijibapamiaaodkejaejllf';

/** Firefox's id for the extension (browser_specific_settings.gecko.id of its manifest). */
export const GECKO_ID = 'cairn-extension@cairn.dev';
