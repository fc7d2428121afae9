import { ConfigurableModuleBuilder } from '@nestjs/common';
import type {
  RegistrationModuleExtras,
  RegistrationModuleOptions,
} from './interfaces/registration-settings.interface.js';
import { REGISTRATION_OPTIONS } from './registration.constants.js';

import { resolveExtras } from './setup/registration-configuration.js';

export const {
  ConfigurableModuleClass: ConfigurableRegistrationModule,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RegistrationModuleOptions>({
  moduleName: 'Registration',
  optionsInjectionToken: REGISTRATION_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createRegistrationOptions')
  .setExtras<RegistrationModuleExtras>({}, (definition, extras) => ({
    ...definition,
    global: resolveExtras(extras).isGlobal,
  }))
  .build();
