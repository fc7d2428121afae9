import { Controller, Get, UseGuards } from '@nestjs/common';
import { CurrentUser, TokenAuthGuard } from 'nestjs-rest-registration';
import type { User } from './user.entity.js';

@Controller()
export class MeController {
  @Get('me')
  @UseGuards(TokenAuthGuard)
  me(@CurrentUser() user: User): { username: string } {
    return { username: user.username };
  }
}
