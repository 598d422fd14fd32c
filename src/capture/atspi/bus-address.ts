// Whether an accessibility bus can be looked for at all, decided from the environment alone: the
// recorder asks this before it starts the accessibility worker, whose thread and D-Bus library cost
// some 25 MB of memory, so that a session with no bus to reach pays nothing for it.

export const NO_SESSION_BUS = 'there is no session bus (DBUS_SESSION_BUS_ADDRESS is not set), so the accessibility bus cannot be found';

/** Why no accessibility bus can be found in `env` (one sentence), or null when one may be there. */
export function noBusReason(env: NodeJS.ProcessEnv): string | null {
  return env.AT_SPI_BUS_ADDRESS || env.DBUS_SESSION_BUS_ADDRESS ? null : NO_SESSION_BUS;
}
