import { NotFoundException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { loadConfig } from '@moderation/platform';
import { GatewayEnv } from '../config/gateway-env';
import { DataTeamAuth, presentedToken } from './data-team-auth';
import { DataTeamGuard } from './data-team.guard';

const token = 'a-long-enough-data-team-token-123';

function contextWith(authorization?: string): ExecutionContext {
  const headers: Record<string, string> = {};
  return {
    switchToHttp: () => ({
      getRequest: () => ({ headers: { authorization } }),
      getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }),
    }),
  } as unknown as ExecutionContext;
}

describe('DataTeamGuard', () => {
  const guard = new DataTeamGuard(
    new DataTeamAuth(loadConfig(GatewayEnv, { DATA_TEAM_TOKEN: token })),
  );

  it('lets the configured token in, as a Bearer token or a Basic password', () => {
    expect(guard.canActivate(contextWith(`Bearer ${token}`))).toBe(true);
    const basic = Buffer.from(`anyone:${token}`).toString('base64');
    expect(guard.canActivate(contextWith(`Basic ${basic}`))).toBe(true);
  });

  it.each([undefined, 'Bearer', `Bearer ${token}x`, `Bearer ${token.slice(1)}`, token])(
    'refuses %p with 401',
    (authorization) => {
      expect(() => guard.canActivate(contextWith(authorization))).toThrow(UnauthorizedException);
    },
  );

  it('turns the routes off (404) when no token is configured, whatever is sent', () => {
    const off = new DataTeamGuard(new DataTeamAuth(loadConfig(GatewayEnv, {})));
    expect(() => off.canActivate(contextWith(`Bearer ${token}`))).toThrow(NotFoundException);
    expect(() => off.canActivate(contextWith('Bearer '))).toThrow(NotFoundException);
  });

  it('reads the token from either scheme', () => {
    expect(presentedToken('bearer abc')).toBe('abc');
    expect(presentedToken(`Basic ${Buffer.from('u:p:q').toString('base64')}`)).toBe('p:q');
    expect(presentedToken('Digest abc')).toBeUndefined();
  });
});
