import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { CurrentUser, TokenAuthGuard } from 'nestjs-rest-registration';
import { BEARER_SECURITY_SCHEME, TOKEN_SECURITY_SCHEME } from 'nestjs-rest-registration/swagger';
import type { User } from './user.entity.js';

@Controller()
export class MeController {
  @Get('me')
  @UseGuards(TokenAuthGuard)
  @ApiSecurity(TOKEN_SECURITY_SCHEME)
  @ApiSecurity(BEARER_SECURITY_SCHEME)
  me(@CurrentUser() user: User): { username: string } {
    return { username: user.username };
  }
}
