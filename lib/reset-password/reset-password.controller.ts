import {
  Body,
  HttpCode,
  HttpStatus,
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
import { answerVerificationRedirect } from '../http/verification-redirect.js';
import { MediaTypeGuard } from '../http/media-type.guard.js';
import { mountController } from '../http/mount-controller.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import type {
  RegistrationConfiguration,
  RegistrationMode,
} from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import { REGISTRATION_CONFIGURATION, REGISTRATION_CONTROLLER, REGISTRATION_MODE } from '../registration.constants.js';
import { Public } from '../registration.decorators.js';
import { RouteThrottleGuard, ThrottleRoute } from '../throttling/route-throttler.js';
import { enforceFormCsrf } from './form-csrf.js';
import { ResetPasswordService } from './reset-password.service.js';
import { SendResetPasswordLinkService } from './send-reset-password-link.service.js';

/** `POST <prefix>/send-reset-password-link`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class SendResetPasswordLinkController {
  constructor(protected readonly sendService: SendResetPasswordLinkService) {}

  @Post('send-reset-password-link')
  @Public()
  @HttpCode(200)
  @ThrottleRoute('sendResetPasswordLink')
  @UseGuards(RouteThrottleGuard, MediaTypeGuard)
  // Typed `object` so that a host's global ValidationPipe leaves the body to the module.
  send(@Body() body: object, @Req() request: HttpRequest): Promise<{ detail: string }> {
    return this.sendService.send(body, request);
  }
}

/** `POST <prefix>/reset-password`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class ResetPasswordController {
  constructor(protected readonly resetService: ResetPasswordService) {}

  @Post('reset-password')
  @Public()
  @HttpCode(200)
  @ThrottleRoute('resetPassword')
  @UseGuards(RouteThrottleGuard, MediaTypeGuard)
  reset(@Body() body: object, @Req() request: HttpRequest): Promise<{ detail: string }> {
    return this.resetService.reset(body, request);
  }
}

const REDIRECT = 'verification-redirects/reset-password';

/**
 * `POST <prefix>/verification-redirects/reset-password` (a form post of `user_id`, `timestamp`,
 * `signature`, `password`): resets and answers 302 to `verificationRedirects.resetPasswordSuccessUrl`,
 * or to the failure URL on any 400. With session login on, the form must carry the session's CSRF
 * token (`csrfmiddlewaretoken`, as Django's form posts) or 403. Without the two URLs the route
 * answers as an unmapped one.
 */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class ResetPasswordRedirectController {
  @Inject(REGISTRATION_CONFIGURATION) protected readonly configuration: RegistrationConfiguration;
  @Inject(REGISTRATION_MODE) protected readonly mode: RegistrationMode;

  constructor(protected readonly resetService: ResetPasswordService) {}

  @Post(REDIRECT)
  @Public()
  @HttpCode(HttpStatus.FOUND)
  @ThrottleRoute('resetPassword')
  @UseGuards(RouteThrottleGuard, MediaTypeGuard)
  async redirect(
    @Body() body: object,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<string> {
    const urls = this.configuration.verificationRedirects;
    return answerVerificationRedirect(
      request,
      response,
      urls?.resetPasswordSuccessUrl,
      urls?.resetPasswordFailureUrl,
      async () => {
        // A CSRF failure is a 403: it stays an error, never a redirect.
        if (this.mode.authenticateSession) enforceFormCsrf(request, body);
        await this.resetService.apply(body, request);
      },
    );
  }
}

/** The reset-password controllers of the served routes, mounted under `urlPrefix`. */
export function createResetPasswordControllers(
  urlPrefix: string,
  routes: readonly RegistrationRouteName[],
): Type<unknown>[] {
  const controllers: Type<unknown>[] = [];
  if (routes.includes('send-reset-password-link'))
    controllers.push(
      mountController(urlPrefix, SendResetPasswordLinkController, 'RegistrationSendResetLinkController'),
    );
  if (routes.includes('reset-password'))
    controllers.push(
      mountController(urlPrefix, ResetPasswordController, 'RegistrationResetPasswordController'),
      mountController(urlPrefix, ResetPasswordRedirectController, 'RegistrationResetRedirectController'),
    );
  return controllers;
}
