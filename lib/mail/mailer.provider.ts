import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { MailDeliveryFailed } from './mail-delivery-failed.js';
import { NodemailerRegistrationMailer } from './nodemailer-mailer.js';
import { type RegistrationMailMessage, RegistrationMailer } from './registration-mailer.js';

/** Stands in when no `mailTransport` is set (check E081 refuses that when a flow must send). */
class NoTransportMailer extends RegistrationMailer {
  send(_message: RegistrationMailMessage): Promise<void> {
    return Promise.reject(new MailDeliveryFailed());
  }
}

/** `RegistrationMailer`: the `mailer` setting's class (module DI), else nodemailer on `mailTransport`. */
export const registrationMailerProvider: Provider = {
  provide: RegistrationMailer,
  useFactory: (configuration: RegistrationConfiguration, moduleRef: ModuleRef) => {
    if (configuration.mailer) return moduleRef.create(configuration.mailer);
    return configuration.mailTransport
      ? new NodemailerRegistrationMailer(configuration.mailTransport)
      : new NoTransportMailer();
  },
  inject: [REGISTRATION_CONFIGURATION, ModuleRef],
};
