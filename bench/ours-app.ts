import { Controller, Get, Module, UseGuards, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity, CurrentUser, RegistrationModule, TokenAuthGuard } from 'nestjs-rest-registration';
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

/** The module's app as a host would write it: login under /accounts, token guard on /me. */
export function oursModule(typeorm: DynamicModule): new () => unknown {
  @Module({
    imports: [typeorm, RegistrationModule.forRoot({ userEntity: BenchUser, userLoginFields: ['username'] })],
    controllers: [BenchController],
  })
  class OursBenchModule {}
  return OursBenchModule;
}

export const OURS_ENTITIES = [BenchUser, AuthTokenEntity];
