import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import type { ResolvedRegistrationSettings } from '../interfaces/registration-settings.interface.js';
import { RESOLVED_SETTINGS } from '../registration.constants.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { LogoutSerializer } from './logout.serializer.js';
import { validateSerializer } from './validate-serializer.js';

/** Validates the login body with `loginSerializerClass`. */
@Injectable()
export class LoginSerializerPipe implements PipeTransform<unknown, Promise<object>> {
  constructor(
    @Inject(RESOLVED_SETTINGS) private readonly settings: ResolvedRegistrationSettings,
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
