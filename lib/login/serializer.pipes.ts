import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { LogoutSerializer } from './logout.serializer.js';
import { validateSerializer } from './validate-serializer.js';

/**
 * The body with its request, so that field errors are written once, in the request's language. The
 * controller calls the pipes itself: a parameter decorator would hand this object to a host's global pipes.
 */
export interface BodyOfRequest {
  body: unknown;
  request: unknown;
}

/** Validates the login body with `loginSerializerClass`. */
@Injectable()
export class LoginSerializerPipe implements PipeTransform<BodyOfRequest, Promise<object>> {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly settings: RegistrationConfiguration,
    private readonly messages: RegistrationMessages,
  ) {}

  transform({ body, request }: BodyOfRequest): Promise<object> {
    return validateSerializer(this.settings.loginSerializerClass, body, this.messages, request);
  }
}

/** Validates the logout body. */
@Injectable()
export class LogoutSerializerPipe implements PipeTransform<BodyOfRequest, Promise<LogoutSerializer>> {
  constructor(private readonly messages: RegistrationMessages) {}

  transform({ body, request }: BodyOfRequest): Promise<LogoutSerializer> {
    return validateSerializer(LogoutSerializer, body, this.messages, request);
  }
}
