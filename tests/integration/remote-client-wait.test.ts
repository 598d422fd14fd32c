// The team service's client does not hang on a server that takes the connection and never answers
// (a wedged proxy, a stopped process): the call fails with one sentence once the wait for the
// answer's head is over, and the socket is let go. A real TCP server, a real fetch.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/domain-error.ts';
import { Me, ROUTES } from '../../src/remote/api-schemas.ts';
import { RemoteClient } from '../../src/remote/remote-client.ts';

describe('a team service that never answers', () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Reads the request, answers nothing.
    socket.resume();
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('fails with "did not answer" after the wait, and closes its connection', { timeout: 30_000 }, async () => {
    const client = new RemoteClient(url, 'token', { answerWaitMs: 400 });
    const started = Date.now();
    const error = await client.json(ROUTES.me, Me).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).apiCode).toBe('unavailable');
    expect((error as Error).message).toBe(`The server at ${url} did not answer ${ROUTES.me} within 0.4 s; check that it runs, then try again.`);
    expect(Date.now() - started).toBeLessThan(5_000);
    // undici lets an aborted socket go after its keep-alive time (about 4 s).
    await expect.poll(() => sockets.size, { timeout: 20_000 }).toBe(0);
  });
});
