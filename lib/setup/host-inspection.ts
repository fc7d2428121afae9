import type { CanActivate, Type } from '@nestjs/common';
import type { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';

const GUARDS_METADATA = '__guards__';

function guardClass(guard: unknown): Type<CanActivate> | undefined {
  if (typeof guard === 'function') return guard as Type<CanActivate>;
  if (guard && typeof guard === 'object') return (guard as object).constructor as Type<CanActivate>;
  return undefined;
}

/**
 * Guard classes in use in the app: global guards (`useGlobalGuards`, `APP_GUARD`) and those of
 * `@UseGuards()` on controllers and handlers, except on the controllers `skip` accepts.
 */
export function discoverGuardsInUse(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  config: ApplicationConfig,
  skip: (controller: Function) => boolean,
): Array<Type<CanActivate>> {
  const found = new Set<Type<CanActivate>>();
  const add = (guards: unknown) => {
    if (!Array.isArray(guards)) return;
    for (const guard of guards) {
      const cls = guardClass(guard);
      if (cls) found.add(cls);
    }
  };
  add(config.getGlobalGuards());
  add(config.getGlobalRequestGuards().map((wrapper) => wrapper.instance ?? wrapper.metatype));
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Function | null;
    if (!controller || skip(controller)) continue;
    add(Reflect.getMetadata(GUARDS_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      add(Reflect.getMetadata(GUARDS_METADATA, prototype[name] as object));
    }
  }
  return [...found];
}
