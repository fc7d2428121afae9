import { Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RegistrationTokens, RegistrationUsers } from 'nestjs-rest-registration';
import type { DataSource } from 'typeorm';
import { User } from './entities.js';

/** A host's account administration, as a host writes it with the module's hooks (no auth: tests only). */
@Controller('admin/users/:username')
export class AdminController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: RegistrationUsers,
    private readonly tokens: RegistrationTokens,
  ) {}

  private async user(username: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    if (!user) throw new NotFoundException();
    return user;
  }

  @Post('revoke-all')
  @HttpCode(204)
  async revokeAll(@Param('username') username: string): Promise<void> {
    await this.tokens.revokeAllTokens(await this.user(username));
  }

  @Post('password')
  @HttpCode(204)
  async password(@Param('username') username: string): Promise<void> {
    await this.users.setPassword(await this.user(username), 'a brand new password');
  }

  @Post('deactivate')
  @HttpCode(204)
  async deactivate(@Param('username') username: string): Promise<void> {
    const user = await this.user(username);
    await this.dataSource.getRepository(User).update({ id: user.id }, { isActive: false });
    await this.tokens.evictCachedUsers(user);
  }

  @Post('delete')
  @HttpCode(204)
  async remove(@Param('username') username: string): Promise<void> {
    await this.users.deleteUser(await this.user(username));
  }
}
