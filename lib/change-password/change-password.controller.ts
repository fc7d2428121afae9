import { Body, HttpCode, Post, Req, SetMetadata, type Type, UseGuards, UseInterceptors } from '@nestjs/common';
import type { HttpRequest } from '../http/http.js';
import { MediaTypeGuard } from '../http/media-type.guard.js';
import { mountController } from '../http/mount-controller.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { LogoutAuthGuard } from '../login/request-guards.js';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import { NEST_RECIPE_PUBLIC_KEY, REGISTRATION_CONTROLLER } from '../registration.constants.js';
import { ThrottleRoute, UserThrottleGuard } from '../throttling/route-throttler.js';
import { ChangePasswordService } from './change-password.service.js';

/** `POST <prefix>/change-password`. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class ChangePasswordController {
  constructor(protected readonly changePasswordService: ChangePasswordService) {}

  @Post('change-password')
  // Authenticates itself as logout does (token, JWT or session with CSRF), so a host's global guard
  // written from the Nest docs' `isPublic` recipe lets it through.
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @HttpCode(200)
  @ThrottleRoute('changePassword')
  @UseGuards(LogoutAuthGuard, UserThrottleGuard, MediaTypeGuard)
  // Typed `object` so that a host's global ValidationPipe leaves the body to the module.
  changePassword(@Body() body: object, @Req() request: HttpRequest): Promise<{ detail: string }> {
    return this.changePasswordService.changePassword(body, request);
  }
}

/** The change-password controller when `routes` lists it, mounted under `urlPrefix`. */
export function createChangePasswordControllers(
  urlPrefix: string,
  routes: readonly RegistrationRouteName[],
): Type<unknown>[] {
  return routes.includes('change-password')
    ? [mountController(urlPrefix, ChangePasswordController, 'RegistrationChangePasswordController')]
    : [];
}
