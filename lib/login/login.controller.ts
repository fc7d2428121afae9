import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  SetMetadata,
  type Type,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { HttpRequest } from '../http/http.js';
import { NEST_RECIPE_PUBLIC_KEY, REGISTRATION_CONTROLLER } from '../registration.constants.js';
import { Public } from '../registration.decorators.js';
import { CsrfAddressThrottleGuard, LoginAddressThrottleGuard } from '../throttling/login-throttle.guard.js';
import { LoginThrottler } from '../throttling/login-throttler.js';
import { Inject } from '@nestjs/common';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import { LoginService, type LoginResponse } from './login.service.js';
import { LogoutAuthGuard, MediaTypeGuard } from './request-guards.js';
import { LoginSerializerPipe, LogoutSerializerPipe } from './serializer.pipes.js';

/**
 * `POST <prefix>/login` and `POST <prefix>/logout`. The module mounts a subclass under the configured
 * `urlPrefix`; extend this class to add routes of your own. The other methods of each route are answered
 * (405, OPTIONS) by `UnservedMethods` (`setup/unserved-methods.ts`) from these decorators.
 */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class LoginController {
  /** Brute-force limits (`loginThrottle`); a property so that subclasses keep their constructors. */
  @Inject(LoginThrottler) protected readonly loginThrottler: LoginThrottler;
  /** The serializers, called with the request so that field errors are in its language. */
  @Inject(LoginSerializerPipe) protected readonly loginSerializer: LoginSerializerPipe;
  @Inject(LogoutSerializerPipe) protected readonly logoutSerializer: LogoutSerializerPipe;

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

/** The login controller mounted under `urlPrefix`. */
export function createLoginController(urlPrefix: string): Type<LoginController> {
  @Controller(urlPrefix)
  class RegistrationLoginController extends LoginController {}
  return RegistrationLoginController;
}
