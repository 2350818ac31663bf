import type { Server } from 'node:http';

/**
 * Stops accepting connections and waits until the requests in flight are answered, closing
 * keep-alive connections as they fall idle. Whatever is still open after `limitMs` is closed.
 */
export function drainHttpServer(server: Server, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), limitMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
  });
}
