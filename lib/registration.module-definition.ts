import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RegistrationModuleExtras, RegistrationSettings } from './interfaces/registration-settings.interface.js';
import { REGISTRATION_OPTIONS } from './registration.constants.js';

export const DEFAULT_EXTRAS: Required<Omit<RegistrationModuleExtras, 'dataSource'>> &
  Pick<RegistrationModuleExtras, 'dataSource'> = {
  isGlobal: false,
  globalGuard: false,
  urlPrefix: 'accounts',
  dataSource: undefined,
};

export const {
  ConfigurableModuleClass: ConfigurableRegistrationModule,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RegistrationSettings>({
  moduleName: 'Registration',
  optionsInjectionToken: REGISTRATION_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createRegistrationOptions')
  .setExtras<RegistrationModuleExtras>(DEFAULT_EXTRAS, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
