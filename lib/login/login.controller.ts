import {
  Body,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  SetMetadata,
  type Type,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { HttpRequest } from '../http/http.js';
import { mountController } from '../http/mount-controller.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { NEST_RECIPE_PUBLIC_KEY, REGISTRATION_CONTROLLER } from '../registration.constants.js';
import { Public } from '../registration.decorators.js';
import { CsrfAddressThrottleGuard, LoginAddressThrottleGuard } from '../throttling/login-throttle.guard.js';
import { LoginThrottler } from '../throttling/login-throttler.js';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import { LoginService, type LoginResponse } from './login.service.js';
import { MediaTypeGuard } from '../http/media-type.guard.js';
import { LogoutAuthGuard } from './request-guards.js';
import { LoginSerializerPipe, LogoutSerializerPipe } from './serializer.pipes.js';

/** `POST <prefix>/login` and `GET <prefix>/csrf`. The module mounts a subclass under the configured `urlPrefix`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class LoginController {
  /** Brute-force limits (`loginThrottle`); a property so that subclasses keep their constructors. */
  @Inject(LoginThrottler) protected readonly loginThrottler: LoginThrottler;
  /** The serializer, called with the request so that field errors are in its language. */
  @Inject(LoginSerializerPipe) protected readonly loginSerializer: LoginSerializerPipe;

  constructor(protected readonly loginService: LoginService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginAddressThrottleGuard, MediaTypeGuard)
  async login(
    // Typed `object` so that a host's global ValidationPipe leaves the body to this module's serializer.
    @Body() body: object,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<LoginResponse> {
    const data = await this.loginSerializer.transform({ body, request });
    // The address was counted by the guard; the login value only once the body is valid, before hashing.
    await this.loginThrottler.checkLogin(data, request);
    return this.loginService.login(data, request, response);
  }

  /**
   * With session login on: gives the session a CSRF token, as the `csrftoken` cookie and in the body.
   * Browsers call it once before login, then send the token in the `X-CSRFToken` header.
   */
  @Get('csrf')
  @Public()
  @UseGuards(CsrfAddressThrottleGuard)
  csrf(@Req() request: HttpRequest, @Res({ passthrough: true }) response: unknown): Promise<{ csrfToken: string }> {
    return this.loginService.csrf(request, response);
  }
}

/** `POST <prefix>/logout`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class LogoutController {
  /** The serializer, called with the request so that field errors are in its language. */
  @Inject(LogoutSerializerPipe) protected readonly logoutSerializer: LogoutSerializerPipe;

  constructor(protected readonly loginService: LoginService) {}

  @Post('logout')
  // Logout authenticates itself (LogoutAuthGuard), so a host's global guard written from the Nest docs'
  // `isPublic` recipe lets it through; the module's own guards still apply.
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @HttpCode(200)
  @UseGuards(LogoutAuthGuard, MediaTypeGuard)
  async logout(
    // Typed `object` so that a host's global ValidationPipe leaves the body to this module's serializer.
    @Body() body: object,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<{ detail: string }> {
    return this.loginService.logout(await this.logoutSerializer.transform({ body, request }), request, response);
  }
}

/** The login and logout controllers of the served routes, mounted under `urlPrefix`. */
export function createLoginControllers(urlPrefix: string, routes: readonly RegistrationRouteName[]): Type<unknown>[] {
  return [
    ...(routes.includes('login') ? [mountController(urlPrefix, LoginController, 'RegistrationLoginController')] : []),
    ...(routes.includes('logout')
      ? [mountController(urlPrefix, LogoutController, 'RegistrationLogoutController')]
      : []),
  ];
}
