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
import { mountController } from '../http/mount-controller.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { MediaTypeGuard } from '../http/media-type.guard.js';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import { REGISTRATION_CONFIGURATION, REGISTRATION_CONTROLLER } from '../registration.constants.js';
import { Public } from '../registration.decorators.js';
import { RouteThrottleGuard, ThrottleRoute } from '../throttling/route-throttler.js';
import { RegisterService } from './register.service.js';
import { VerifyRegistrationService, type VerifyRegistrationResponse } from './verify-registration.service.js';

/** `POST <prefix>/register`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class RegisterController {
  constructor(protected readonly registerService: RegisterService) {}

  @Post('register')
  @Public()
  @HttpCode(201)
  @ThrottleRoute('register')
  @UseGuards(RouteThrottleGuard, MediaTypeGuard)
  // Typed `object` so that a host's global ValidationPipe leaves the body to the module.
  register(@Body() body: object, @Req() request: HttpRequest): Promise<object> {
    return this.registerService.register(body, request);
  }
}

/** `POST <prefix>/verify-registration`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class VerifyRegistrationController {
  constructor(protected readonly verifyService: VerifyRegistrationService) {}

  @Post('verify-registration')
  @Public()
  @HttpCode(200)
  @ThrottleRoute('verifyRegistration')
  @UseGuards(RouteThrottleGuard, MediaTypeGuard)
  verify(
    @Body() body: object,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<VerifyRegistrationResponse> {
    return this.verifyService.verify(body, request, response);
  }
}

const REDIRECT = 'verification-redirects/verify-registration';

/**
 * `GET <prefix>/verification-redirects/verify-registration?user_id=..&timestamp=..&signature=..`: verifies
 * and answers 302 to `verificationRedirects.verifyRegistrationSuccessUrl`, or to the failure URL on any
 * 400; never logs in and emits no activated event (as upstream's contrib view). Without
 * `verificationRedirects` the route answers as an unmapped one.
 */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class VerificationRedirectsController {
  @Inject(REGISTRATION_CONFIGURATION) protected readonly configuration: RegistrationConfiguration;

  constructor(protected readonly verifyService: VerifyRegistrationService) {}

  @Get(REDIRECT)
  @Public()
  @HttpCode(HttpStatus.FOUND)
  @ThrottleRoute('verifyRegistration')
  @UseGuards(RouteThrottleGuard)
  async redirect(
    @Query() query: object,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<string> {
    const urls = this.configuration.verificationRedirects;
    return answerVerificationRedirect(
      request,
      response,
      urls?.verifyRegistrationSuccessUrl,
      urls?.verifyRegistrationFailureUrl,
      () => this.verifyService.activate({ ...query }, request),
    );
  }
}

/** The register controllers of the served routes, mounted under `urlPrefix`. */
export function createRegisterControllers(
  urlPrefix: string,
  routes: readonly RegistrationRouteName[],
): Type<unknown>[] {
  const controllers: Type<unknown>[] = [];
  if (routes.includes('register'))
    controllers.push(mountController(urlPrefix, RegisterController, 'RegistrationRegisterController'));
  if (routes.includes('verify-registration'))
    controllers.push(
      mountController(urlPrefix, VerifyRegistrationController, 'RegistrationVerifyController'),
      mountController(urlPrefix, VerificationRedirectsController, 'RegistrationRedirectsController'),
    );
  return controllers;
}
