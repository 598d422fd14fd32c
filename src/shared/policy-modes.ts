// What an app's policy may capture: key codes in full, only their timing, or nothing; screens on or
// off; window titles kept or not. One list each for the core's policy, the API contract and the Apps
// screen; a new mode is added here and each place that switches on it then fails to compile.
import * as z from 'zod';

export const KeysMode = z.enum(['full', 'timing', 'off']);
export const ScreensMode = z.enum(['on', 'off']);
export const TitlesMode = z.enum(['keep', 'off']);
export type KeysMode = z.infer<typeof KeysMode>;
export type ScreensMode = z.infer<typeof ScreensMode>;
export type TitlesMode = z.infer<typeof TitlesMode>;

/** What allowing an app captures unless the person chooses less. */
export const ALLOWED_DEFAULTS = { keys: 'full', screens: 'on', titles: 'keep' } as const satisfies { keys: KeysMode; screens: ScreensMode; titles: TitlesMode };
/** A denied app: nothing of it is captured. */
export const DENIED_MODES = { keys: 'off', screens: 'off', titles: 'off' } as const satisfies { keys: KeysMode; screens: ScreensMode; titles: TitlesMode };
