import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { LogoutSerializer } from './logout.serializer.js';
import { validateSerializer } from './validate-serializer.js';

/** Validates the login body with `loginSerializerClass`. */
@Injectable()
export class LoginSerializerPipe implements PipeTransform<unknown, Promise<object>> {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly settings: RegistrationConfiguration,
    private readonly messages: RegistrationMessages,
  ) {}

  transform(body: unknown): Promise<object> {
    return validateSerializer(this.settings.loginSerializerClass, body, this.messages);
  }
}

/** Validates the logout body. */
@Injectable()
export class LogoutSerializerPipe implements PipeTransform<unknown, Promise<LogoutSerializer>> {
  constructor(private readonly messages: RegistrationMessages) {}

  transform(body: unknown): Promise<LogoutSerializer> {
    return validateSerializer(LogoutSerializer, body, this.messages);
  }
}
