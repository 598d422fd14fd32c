// A connection to the accessibility bus (AT-SPI over D-Bus, through dbus-next), with every call
// bounded in time: an app that hangs or a bus that stops answering costs a rejected promise after
// `timeoutMs`, never a wait without end. The bus is found as libatspi finds it: AT_SPI_BUS_ADDRESS,
// else the session bus's org.a11y.Bus (which starts the accessibility bus if it is not running).
// Calls are plain messages (no introspection, which AT-SPI objects do not all answer).
import { Message, type MessageBus, MessageType, sessionBus } from 'dbus-next';
import { withTimeout } from '../../core/time-limit.ts';
import { NO_SESSION_BUS } from './bus-address.ts';

export type ObjectRef = [bus: string, path: string];

/** The path AT-SPI answers when there is no object (no child at a point, no parent). */
export const NULL_PATH = '/org/a11y/atspi/null';

export const ACCESSIBLE = 'org.a11y.atspi.Accessible';
export const COMPONENT = 'org.a11y.atspi.Component';

export class AtspiBus {
  private readonly bus: MessageBus;
  private readonly timeoutMs: number;
  private closed = false;

  private constructor(bus: MessageBus, timeoutMs: number) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** Connects, or rejects with a sentence saying why there is no accessibility bus. */
  static async open(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<AtspiBus> {
    const address = env.AT_SPI_BUS_ADDRESS || (await a11yBusAddress(env, timeoutMs));
    const bus = await connected(sessionBus({ busAddress: address }), timeoutMs, 'the accessibility bus');
    return new AtspiBus(bus, timeoutMs);
  }

  /** One method call; rejects on an error reply, a closed bus, or no answer within the bound. */
  async call<T extends unknown[] = unknown[]>(dest: string, path: string, iface: string, member: string, signature = '', body: unknown[] = [], timeoutMs = this.timeoutMs): Promise<T> {
    if (this.closed) throw new Error('the accessibility bus is closed');
    const reply = await withTimeout(this.bus.call(new Message({ destination: dest, path, interface: iface, member, signature, body })), timeoutMs, `${member} on ${dest}`);
    return (reply?.body ?? []) as T;
  }

  /** A property of an object (org.freedesktop.DBus.Properties.Get), unwrapped from its variant. */
  async property<T>(ref: ObjectRef, iface: string, name: string): Promise<T> {
    const [variant] = await this.call<[{ value: T }]>(ref[0], ref[1], 'org.freedesktop.DBus.Properties', 'Get', 'ss', [iface, name]);
    return variant.value;
  }

  /** Calls on the bus daemon itself. */
  daemon<T extends unknown[]>(member: string, signature = '', body: unknown[] = []): Promise<T> {
    return this.call<T>('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', member, signature, body);
  }

  onSignal(listener: (message: Message) => void): void {
    this.bus.on('message', (m: Message) => {
      if (m.type === MessageType.SIGNAL) listener(m);
    });
  }

  onClosed(listener: (error: Error) => void): void {
    this.bus.on('error', (error: unknown) => listener(error instanceof Error ? error : new Error(String(error))));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bus.disconnect();
  }
}

async function a11yBusAddress(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  if (!env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NO_SESSION_BUS);
  const session = await connected(sessionBus({ busAddress: env.DBUS_SESSION_BUS_ADDRESS }), timeoutMs, 'the session bus');
  try {
    const reply = await withTimeout(session.call(new Message({ destination: 'org.a11y.Bus', path: '/org/a11y/bus', interface: 'org.a11y.Bus', member: 'GetAddress' })), timeoutMs, 'org.a11y.Bus');
    const address = reply?.body[0];
    if (typeof address !== 'string' || !address) throw new Error('org.a11y.Bus gave no address');
    return address;
  } catch (error) {
    throw new Error(`the session bus has no accessibility bus (${(error as Error).message}); at-spi2-core provides it`, { cause: error });
  } finally {
    session.disconnect();
  }
}

/** The bus once its handshake is done (dbus-next connects in the background and reports errors as events). */
function connected(bus: MessageBus, timeoutMs: number, what: string): Promise<MessageBus> {
  const ready = new Promise<MessageBus>((resolve, reject) => {
    bus.once('connect', () => resolve(bus));
    bus.once('error', (error: unknown) => reject(new Error(`cannot connect to ${what}: ${error instanceof Error ? error.message : String(error)}`)));
  });
  return withTimeout(ready, timeoutMs, what).catch((error: Error) => {
    bus.on('error', () => undefined);
    try {
      bus.disconnect();
    } catch {
      // never connected
    }
    throw error;
  });
}
