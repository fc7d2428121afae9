import type { EntityMetadata } from 'typeorm';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { userSerializerOptions } from '../user-serializer/serializer-options.js';
import { type RegisterField, registerSerializerFromMetadata } from '../user-serializer/user-fields.js';

/** The profile serializer: its fields in order, and the columns it could not map (for a startup check). */
export interface ProfileSerializerSpec {
  fields: RegisterField[];
  unsupported: string[];
}

/** Columns the profile never shows nor writes: the password, the active column, the verification flag. */
export function neverInProfile(c: RegistrationConfiguration): Set<string> {
  return new Set(
    [c.userPasswordField, c.userActiveField, c.userVerificationFlagField].filter(
      (field): field is string => typeof field === 'string',
    ),
  );
}

/**
 * Upstream's `DefaultUserProfileSerializer`, from the register serializer's fields: the same columns
 * (the public ones) without the password and the active or verification column; read-only are the
 * primary key, the e-mail column and, when `userEditableFields` is set, every field it does not list.
 */
export function profileSerializerFromMetadata(
  metadata: EntityMetadata,
  c: RegistrationConfiguration,
): ProfileSerializerSpec {
  const spec = registerSerializerFromMetadata(metadata, { ...userSerializerOptions(c), passwordConfirm: false });
  const never = neverInProfile(c);
  const editable = c.userEditableFields;
  const fields = spec.fields
    .filter((field) => field.kind !== 'password' && field.property !== null && !never.has(field.property))
    .map((field) => {
      const readOnly =
        field.readOnly || field.property === c.userEmailField || (editable !== null && !editable.includes(field.name));
      return readOnly ? { ...field, readOnly: true, required: false } : field;
    });
  return { fields, unsupported: spec.unsupported.filter((property) => !never.has(property)) };
}

/**
 * The columns a `profileSerializerClass` may write: not the primary key, the e-mail column, the
 * password, the active or verification column, nor a hidden column (`userHiddenFields`, or outside
 * `userPublicFields`), and only those of `userEditableFields` when it is set.
 */
export function writableColumns(metadata: EntityMetadata, c: RegistrationConfiguration): Set<string> {
  const never = neverInProfile(c);
  const hidden = new Set(c.userHiddenFields ?? []);
  const writable = new Set<string>();
  for (const column of metadata.columns) {
    const property = column.propertyName;
    if (column.isPrimary || column.relationMetadata || property === c.userEmailField || never.has(property)) continue;
    if (c.userPublicFields ? !c.userPublicFields.includes(property) : hidden.has(property)) continue;
    if (c.userEditableFields !== null && !c.userEditableFields.includes(property)) continue;
    writable.add(property);
  }
  return writable;
}
