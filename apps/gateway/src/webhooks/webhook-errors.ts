import { HttpStatus } from '@nestjs/common';
import { GatewayError } from '../errors/gateway-errors';

/**
 * A `callbackUrl` the service will not call: not http(s), with credentials, or on a host that
 * `WEBHOOK_ALLOWED_HOSTS` does not list (none when it is unset), so a client cannot make the
 * service reach internal addresses.
 */
export class CallbackUrlNotAllowedError extends GatewayError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'callback-url-not-allowed';
}
