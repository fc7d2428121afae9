import {
  Body,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Query,
  Req,
  Res,
  SetMetadata,
  type Type,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { HttpRequest } from '../http/http.js';
import { answerVerificationRedirect } from '../http/verification-redirect.js';
import { MediaTypeGuard } from '../http/media-type.guard.js';
import { mountController } from '../http/mount-controller.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { LogoutAuthGuard } from '../login/request-guards.js';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import {
  NEST_RECIPE_PUBLIC_KEY,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_CONTROLLER,
} from '../registration.constants.js';
import { Public } from '../registration.decorators.js';
import { RouteThrottleGuard, ThrottleRoute, UserThrottleGuard } from '../throttling/route-throttler.js';
import { RegisterEmailService } from './register-email.service.js';
import { VerifyEmailService } from './verify-email.service.js';

/** `POST <prefix>/register-email` (authenticated: the token manager's guard, or the session with CSRF). */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class RegisterEmailController {
  constructor(protected readonly registerEmailService: RegisterEmailService) {}

  @Post('register-email')
  // The route authenticates itself (LogoutAuthGuard), so a host's global guard written from the Nest docs'
  // `isPublic` recipe lets it through; the module's own guards still apply.
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @HttpCode(200)
  @ThrottleRoute('registerEmail')
  @UseGuards(LogoutAuthGuard, UserThrottleGuard, MediaTypeGuard)
  // Typed `object` so that a host's global ValidationPipe leaves the body to the module.
  registerEmail(@Body() body: object, @Req() request: HttpRequest): Promise<{ detail: string }> {
    return this.registerEmailService.registerEmail(body, request);
  }
}

/** `POST <prefix>/verify-email` (no authentication: the signed link is the proof). */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class VerifyEmailController {
  constructor(protected readonly verifyEmailService: VerifyEmailService) {}

  @Post('verify-email')
  @Public()
  @HttpCode(200)
  @ThrottleRoute('verifyEmail')
  @UseGuards(RouteThrottleGuard, MediaTypeGuard)
  verify(@Body() body: object, @Req() request: HttpRequest): Promise<{ detail: string }> {
    return this.verifyEmailService.verify(body, request);
  }
}

const REDIRECT = 'verification-redirects/verify-email';

/**
 * `GET <prefix>/verification-redirects/verify-email?user_id=..&email=..&timestamp=..&signature=..`: verifies,
 * stores the address and answers 302 to `verificationRedirects.verifyEmailSuccessUrl`, or to the failure
 * URL on any 400 (as upstream's contrib view). Without both URLs the route answers as an unmapped one;
 * with the flow off, 404.
 */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class VerifyEmailRedirectController {
  @Inject(REGISTRATION_CONFIGURATION) protected readonly configuration: RegistrationConfiguration;

  constructor(protected readonly verifyEmailService: VerifyEmailService) {}

  @Get(REDIRECT)
  @Public()
  @HttpCode(HttpStatus.FOUND)
  @ThrottleRoute('verifyEmail')
  @UseGuards(RouteThrottleGuard)
  async redirect(
    @Query() query: object,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<string> {
    const urls = this.configuration.verificationRedirects;
    return answerVerificationRedirect(request, response, urls?.verifyEmailSuccessUrl, urls?.verifyEmailFailureUrl, () =>
      this.verifyEmailService.change({ ...query }, request),
    );
  }
}

/** The register-email and verify-email controllers of the served routes, mounted under `urlPrefix`. */
export function createRegisterEmailControllers(
  urlPrefix: string,
  routes: readonly RegistrationRouteName[],
): Type<unknown>[] {
  const controllers: Type<unknown>[] = [];
  if (routes.includes('register-email'))
    controllers.push(mountController(urlPrefix, RegisterEmailController, 'RegistrationRegisterEmailController'));
  if (routes.includes('verify-email'))
    controllers.push(
      mountController(urlPrefix, VerifyEmailController, 'RegistrationVerifyEmailController'),
      mountController(urlPrefix, VerifyEmailRedirectController, 'RegistrationVerifyEmailRedirectController'),
    );
  return controllers;
}
