import { createParamDecorator, type ExecutionContext, Inject, SetMetadata } from '@nestjs/common';
import {
  IS_PUBLIC_KEY,
  NEST_RECIPE_PUBLIC_KEY,
  REGISTRATION_AUTHENTICATOR,
  REGISTRATION_CONFIGURATION,
} from './registration.constants.js';

/**
 * Marks a route (or controller) as public: the module's guards, and a host's global guard written
 * from the Nest documentation's `isPublic` recipe, let it through without credentials.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    SetMetadata(IS_PUBLIC_KEY, true)(target, key as string, descriptor as PropertyDescriptor);
    SetMetadata(NEST_RECIPE_PUBLIC_KEY, true)(target, key as string, descriptor as PropertyDescriptor);
  }) as MethodDecorator & ClassDecorator;

const currentUser = createParamDecorator((property: string | undefined, context: ExecutionContext) => {
  const user = context.switchToHttp().getRequest<{ user?: Record<string, unknown> }>().user;
  return property === undefined ? user : user?.[property];
});

/**
 * The authenticated user (`request.user`), or one of its properties:
 * `me(@CurrentUser() user: User)`, `id(@CurrentUser('id') id: number)`. With the entity as type argument
 * the property name is checked by the compiler: `@CurrentUser<User>('email') email: User['email']`.
 */
export function CurrentUser<U extends object = Record<string, unknown>>(
  property?: keyof U & string,
): ParameterDecorator {
  return currentUser(property);
}

/** Injects the login authenticator (`REGISTRATION_AUTHENTICATOR`). */
export const InjectAuthenticator = (): ParameterDecorator => Inject(REGISTRATION_AUTHENTICATOR);

/** Injects the module's configuration (`RegistrationConfiguration`: every option with its default applied). */
export const InjectRegistrationConfiguration = (): ParameterDecorator => Inject(REGISTRATION_CONFIGURATION);
