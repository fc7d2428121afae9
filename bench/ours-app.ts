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
export function oursModule(typeorm: DynamicModule, manager: 'typeorm' | 'jwt' = 'typeorm'): new () => unknown {
  const registration =
    manager === 'jwt'
      ? RegistrationModule.forRoot({
          userEntity: BenchUser,
          authTokenManagerClass: JwtAuthTokenManager,
          jwt: { secret: JWT_SECRET },
        })
      : RegistrationModule.forRoot({ userEntity: BenchUser, userLoginFields: ['username'], loginThrottle: false });
  @Module({
    imports: [typeorm, registration],
    controllers: [manager === 'jwt' ? JwtBenchController : BenchController],
  })
  class OursBenchModule {}
  return OursBenchModule;
}

export const OURS_ENTITIES = [BenchUser, AuthTokenEntity];
