import {
  Body,
  Get,
  Head,
  HttpCode,
  Patch,
  Post,
  Put,
  Req,
  SetMetadata,
  type Type,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { HttpRequest } from '../http/http.js';
import { MediaTypeGuard } from '../http/media-type.guard.js';
import { mountController } from '../http/mount-controller.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { LogoutAuthGuard } from '../login/request-guards.js';
import { RegistrationMessagesInterceptor } from '../messages/registration-messages.interceptor.js';
import { NEST_RECIPE_PUBLIC_KEY, REGISTRATION_CONTROLLER } from '../registration.constants.js';
import { ProfileService } from './profile.service.js';

/**
 * `GET / HEAD / POST / PUT / PATCH <prefix>/profile`, authenticated as logout is (the token manager's
 * guard, or the session with CSRF on unsafe methods), so a host's global guard written from the Nest
 * docs' `isPublic` recipe lets it through. DELETE and the rest answer 405 from `UnservedMethods`.
 */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@UseInterceptors(RegistrationMessagesInterceptor)
export class ProfileController {
  constructor(protected readonly profileService: ProfileService) {}

  // Declared before GET: Fastify adds no HEAD route of its own for the GET then.
  @Head('profile')
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @UseGuards(LogoutAuthGuard)
  head(@Req() request: HttpRequest): Promise<object> {
    return this.profileService.show(request);
  }

  @Get('profile')
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @UseGuards(LogoutAuthGuard)
  show(@Req() request: HttpRequest): Promise<object> {
    return this.profileService.show(request);
  }

  /** Upstream's POST is PUT: a full update. */
  @Post('profile')
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @HttpCode(200)
  @UseGuards(LogoutAuthGuard, MediaTypeGuard)
  // Typed `object` so that a host's global ValidationPipe leaves the body to the module.
  post(@Body() body: object, @Req() request: HttpRequest): Promise<object> {
    return this.profileService.update(body, request, false);
  }

  @Put('profile')
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @UseGuards(LogoutAuthGuard, MediaTypeGuard)
  put(@Body() body: object, @Req() request: HttpRequest): Promise<object> {
    return this.profileService.update(body, request, false);
  }

  @Patch('profile')
  @SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)
  @UseGuards(LogoutAuthGuard, MediaTypeGuard)
  patch(@Body() body: object, @Req() request: HttpRequest): Promise<object> {
    return this.profileService.update(body, request, true);
  }
}

/** The profile controller when `routes` serves it, mounted under `urlPrefix`. */
export function createProfileControllers(urlPrefix: string, routes: readonly RegistrationRouteName[]): Type<unknown>[] {
  return routes.includes('profile')
    ? [mountController(urlPrefix, ProfileController, 'RegistrationProfileController')]
    : [];
}
