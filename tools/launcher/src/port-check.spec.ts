import { createServer, type Server } from 'node:net';
import { assertPortFree } from './port-check';

function listen(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('assertPortFree', () => {
  it('says which setting to change when the port is taken, and frees what it tried', async () => {
    const { server, port } = await listen('127.0.0.1');
    try {
      await expect(assertPortFree(port, '127.0.0.1', 'PORT')).rejects.toThrow(
        `port ${port} is already in use (another instance of the service?); set PORT to another port`,
      );
      // A listener on loopback keeps the gateway's default 0.0.0.0 from binding too.
      await expect(assertPortFree(port, '0.0.0.0', 'PORT', 'or stop the other')).rejects.toThrow(
        /already in use .*; set PORT to another port, or stop the other$/,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expect(assertPortFree(port, '0.0.0.0', 'PORT')).resolves.toBeUndefined();
    await expect(assertPortFree(port, '0.0.0.0', 'PORT')).resolves.toBeUndefined();
  });
});
