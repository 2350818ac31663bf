import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers (CSP, nosniff, frame-ancestors, referrer policy, …) on every response. The
 * pages, Swagger UI and the queue board load scripts only from this origin, so helmet's default
 * policy fits them with two changes: images may also be `blob:` URLs (the upload page previews
 * the chosen photo from one), and requests are not upgraded to HTTPS, because TLS, where used,
 * ends in front of the gateway.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: { imgSrc: ["'self'", 'data:', 'blob:'], upgradeInsecureRequests: null },
    },
  });
}
