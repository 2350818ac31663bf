import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as hbs from 'hbs';
import type { GatewayEnv } from './config/gateway-env';
import { noteRequestStart } from './common/server-timing';
import { securityHeaders } from './security/security-headers';

/**
 * What the gateway's HTTP side needs beyond its modules: headers, CORS, templates and static files.
 * The process and the in-process tests both call it, so tests see the answers clients get.
 */
export function configureHttpApp(app: NestExpressApplication, env: GatewayEnv): void {
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  app.use(noteRequestStart);
  app.use(securityHeaders());
  // Cross-origin browser calls only from the origins configured; by default none.
  if (env.corsOrigins.length > 0) {
    app.enableCors({ origin: env.corsOrigins, methods: ['GET', 'POST'], maxAge: 600 });
  }
  // Templates and static files sit next to this file: in src/ for tests, beside main.js once built.
  app.engine('hbs', hbs.__express);
  app.setViewEngine('hbs');
  app.setBaseViewsDir(join(__dirname, 'views'));
  app.set('view options', { layout: 'layout' });
  app.useStaticAssets(join(__dirname, 'public'), { prefix: '/static/', maxAge: '1h' });
}
