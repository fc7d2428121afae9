import { Controller, Get, Module, UseGuards, type DynamicModule } from '@nestjs/common';
import { AuthTokenEntity, CurrentUser, RegistrationModule, TokenAuthGuard } from 'nestjs-rest-registration';
import { JwtAuthGuard, JwtAuthTokenManager } from 'nestjs-rest-registration/jwt';
import { BenchUser } from './entities.js';

/** The routes the scenarios drive: the same handler with and without the token guard, and a trivial one. */
@Controller()
export class BenchController {
  @Get('me')
  @UseGuards(TokenAuthGuard)
  me(@CurrentUser() user: BenchUser): { username: string } {
    return { username: user.username };
  }

  /** Baseline of scenario 1: the same route and body, no guard. */
  @Get('me-open')
  meOpen(): { username: string } {
    return { username: 'alice' };
  }

  /** Trivial route probed for event-loop health (scenario 5). */
  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }
}

/** The same routes with the JWT manager's guard (scenario 3). */
@Controller()
export class JwtBenchController {
  @Get('me')
  @UseGuards(JwtAuthGuard)
  me(@CurrentUser() user: BenchUser): { username: string } {
    return { username: user.username };
  }

  @Get('me-open')
  meOpen(): { username: string } {
    return { username: 'alice' };
  }
}

const JWT_SECRET = 'bench-only-secret-of-at-least-32-bytes-0123456789';

/**
 * The module's app as a host would write it: login under /accounts, the manager's guard on /me. Login
 * throttling is off: the scenarios send thousands of logins from one address on purpose.
 */
export function oursModule(
  typeorm: DynamicModule,
  manager: 'typeorm' | 'jwt' = 'typeorm',
  registerSmtpPort?: number,
): new () => unknown {
  const registration =
    manager === 'jwt'
      ? RegistrationModule.forRoot({
          userEntity: BenchUser,
          authTokenManagerClass: JwtAuthTokenManager,
          jwt: { secret: JWT_SECRET },
        })
      : RegistrationModule.forRoot({
          userEntity: BenchUser,
          userLoginFields: ['username'],
          loginThrottle: false,
          ...(registerSmtpPort === undefined ? {} : registerSettings(registerSmtpPort)),
        });
  @Module({
    imports: [typeorm, registration],
    controllers: [manager === 'jwt' ? JwtBenchController : BenchController],
  })
  class OursBenchModule {}
  return OursBenchModule;
}

/** Register with verification on, as the README's SMTP recipe sets it up (a pooled transport). */
function registerSettings(smtpPort: number): Parameters<typeof RegistrationModule.forRoot>[0] {
  return {
    userEntity: BenchUser,
    routes: ['login', 'logout', 'register', 'verify-registration'],
    secretKey: JWT_SECRET,
    registerVerificationUrl: 'https://app.example/verify-user/',
    verificationFromEmail: 'no-reply@example.com',
    mailTransport: { host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 },
    registrationThrottle: false,
  };
}

export const OURS_ENTITIES = [BenchUser, AuthTokenEntity];
