import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  Request,
  UnauthorizedException,
  UseGuards,
  type DynamicModule,
} from '@nestjs/common';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import bcrypt from 'bcrypt';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import type { Repository } from 'typeorm';
import { BenchUser } from '../entities.js';

/**
 * The app a Nest developer writes from the official docs' authentication recipe
 * (docs.nestjs.com/recipes/passport): passport-local for login, @nestjs/jwt for the token,
 * passport-jwt for authenticated routes, bcrypt (cost 10, the docs' value) for passwords.
 */
export const REFERENCE_BCRYPT_COST = 10;
const JWT_SECRET = 'bench-only-secret-not-for-production';

@Injectable()
class AuthService {
  constructor(
    @InjectRepository(BenchUser) private readonly users: Repository<BenchUser>,
    private readonly jwtService: JwtService,
  ) {}

  async validateUser(username: string, password: string): Promise<Omit<BenchUser, 'password'> | null> {
    const user = await this.users.findOneBy({ username });
    if (user && user.isActive && (await bcrypt.compare(password, user.password))) {
      const { password: _password, ...result } = user;
      void _password;
      return result;
    }
    return null;
  }

  async login(user: { id: number; username: string }): Promise<{ access_token: string }> {
    return { access_token: await this.jwtService.signAsync({ sub: user.id, username: user.username }) };
  }
}

@Injectable()
class LocalStrategy extends PassportStrategy(LocalStrategyBase) {
  constructor(private readonly authService: AuthService) {
    super();
  }

  async validate(username: string, password: string): Promise<object> {
    const user = await this.authService.validateUser(username, password);
    if (!user) throw new UnauthorizedException();
    return user;
  }
}

@Injectable()
class JwtStrategy extends PassportStrategy(JwtStrategyBase) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: JWT_SECRET,
    });
  }

  validate(payload: { sub: number; username: string }): object {
    return { userId: payload.sub, username: payload.username };
  }
}

@Controller()
class ReferenceController {
  constructor(private readonly authService: AuthService) {}

  @UseGuards(AuthGuard('local'))
  @Post('auth/login')
  login(@Request() req: { user: { id: number; username: string } }): Promise<{ access_token: string }> {
    return this.authService.login(req.user);
  }

  @UseGuards(AuthGuard('jwt'))
  @Get('profile')
  profile(@Request() req: { user: { username: string } }): { username: string } {
    return { username: req.user.username };
  }

  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }
}

export function referenceModule(typeorm: DynamicModule): new () => unknown {
  @Module({
    imports: [
      typeorm,
      TypeOrmModule.forFeature([BenchUser]),
      PassportModule,
      JwtModule.register({ secret: JWT_SECRET, signOptions: { expiresIn: '60m' } }),
    ],
    controllers: [ReferenceController],
    providers: [AuthService, LocalStrategy, JwtStrategy],
  })
  class ReferenceBenchModule {}
  return ReferenceBenchModule;
}

export { JwtService };
