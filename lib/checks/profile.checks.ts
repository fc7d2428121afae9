import type { EntityMetadata } from 'typeorm';
import { isClass } from '../http/reflection.js';
import { profileSerializerFromMetadata } from '../profile/profile-fields.js';
import { type Check, type CheckContext, type CheckProblem, problem } from './check.js';

function profileMetadata({ settings, dataSource }: CheckContext): EntityMetadata | undefined {
  if (!settings.extras.routes.includes('profile')) return undefined;
  return typeof settings.userEntity === 'function' && dataSource.hasMetadata(settings.userEntity)
    ? dataSource.getMetadata(settings.userEntity)
    : undefined;
}

/**
 * E087: with profile served, `userEditableFields` (and `userPublicFields` / `userHiddenFields` when
 * register is not served, where E082 reports them) names something that is not a column.
 */
export const checkProfileFields: Check = (context) => {
  const metadata = profileMetadata(context);
  if (!metadata) return [];
  const s = context.settings;
  const routes = s.extras.routes;
  const e082 = routes.includes('register') || routes.includes('verify-registration');
  const columns = metadata.columns.map((column) => column.propertyName);
  const named: Array<[string, readonly string[] | null]> = [['userEditableFields', s.userEditableFields]];
  if (!e082) named.push(['userPublicFields', s.userPublicFields], ['userHiddenFields', s.userHiddenFields]);
  const problems: CheckProblem[] = [];
  for (const [setting, fields] of named) {
    const missing = (fields ?? []).filter((field) => !columns.includes(field));
    if (missing.length > 0)
      problems.push(
        problem(
          'E087',
          `${setting} names ${missing.map((field) => `"${field}"`).join(', ')}, not ${missing.length === 1 ? 'a column' : 'columns'} of ${metadata.name}, so the profile cannot show or write ${missing.length === 1 ? 'it' : 'them'}.`,
          `Use property names of ${metadata.name}'s columns: ${columns.join(', ')}.`,
        ),
      );
  }
  return problems;
};

/** E088: `profileSerializerClass` is not a class, or the generated profile serializer cannot read a column type. */
export const checkProfileSerializer: Check = (context) => {
  const metadata = profileMetadata(context);
  if (!metadata) return [];
  const cls = context.settings.profileSerializerClass as unknown;
  if (cls !== null)
    return isClass(cls)
      ? []
      : [
          problem(
            'E088',
            `profileSerializerClass is ${String(cls)}, not a class.`,
            'Set profileSerializerClass to a class-validator DTO class, or leave it out for the generated profile serializer.',
          ),
        ];
  const { unsupported } = profileSerializerFromMetadata(metadata, context.settings);
  if (unsupported.length === 0) return [];
  return [
    problem(
      'E088',
      `The generated profile serializer cannot read the column type of ${unsupported.map((field) => `${metadata.name}.${field}`).join(', ')}.`,
      `Add ${unsupported.length === 1 ? 'it' : 'them'} to userHiddenFields (or list the others in userPublicFields), or set profileSerializerClass to your own DTO.`,
    ),
  ];
};
