import { createServer } from 'node:net';

/**
 * Fails with a message that says what to do when something already listens on `port`: started
 * anyway, the app would die with EADDRINUSE, and until then the other listener would answer for it.
 */
export async function assertPortFree(
  port: number,
  host: string,
  setting: string,
  alternative = '',
): Promise<void> {
  const error = await tryListen(port, host);
  if (!error) return;
  if (error.code === 'EADDRINUSE') {
    throw new Error(
      `port ${port} is already in use (another instance of the service?); ` +
        `set ${setting} to another port${alternative && `, ${alternative}`}`,
    );
  }
  throw new Error(`cannot listen on ${host}:${port} (${setting}): ${error.message}`);
}

function tryListen(port: number, host: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', resolve);
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
