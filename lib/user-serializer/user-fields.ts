import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm';
import type { RegisterMessageKey } from './field-messages.js';

/** How a field's value is read, as the DRF field upstream's `ModelSerializer` makes for the column. */
export type RegisterFieldKind = 'string' | 'email' | 'integer' | 'number' | 'boolean' | 'choice' | 'password';

/** One field of the generated register serializer. */
export interface RegisterField {
  /** Key in the request body (the entity property; `password` and `password_confirm` for the password). */
  name: string;
  /** Entity property the value goes to (`password_confirm` has none). */
  property: string | null;
  kind: RegisterFieldKind;
  /** The primary key: shown in the output, never read from the input. */
  readOnly: boolean;
  required: boolean;
  allowNull: boolean;
  allowBlank: boolean;
  /** Strip surrounding white space (DRF's `trim_whitespace`); never for passwords. */
  trim: boolean;
  maxLength?: number;
  /** Django's username rule (letters, digits and `@.+-_`). */
  username: boolean;
  /** Unique column: the message a taken value answers (`usernameTaken`, or `fieldTaken` with its label). */
  uniqueMessage?: { key: RegisterMessageKey; params?: Record<string, string> };
  /** `choice` fields: the allowed values. */
  choices?: readonly string[];
}

/** What the generated serializer is built from (the module's settings, resolved). */
export interface RegisterSerializerOptions {
  /**
   * `userHiddenFields`: default, the active and verification flag columns and upstream's hidden fields
   * (`UPSTREAM_HIDDEN_FIELDS`) the entity has. Columns that are not plain are always left out.
   */
  hiddenFields?: readonly string[] | null;
  /** `userPublicFields`: when set, exactly these columns (and the password). */
  publicFields?: readonly string[] | null;
  /** `userPasswordField`, default `password`. */
  passwordField?: string;
  /** The username column (the first of `userLoginFields`); it gets Django's username rule and texts. */
  usernameField?: string | null;
  /** `userEmailField`, default `email` (validated as an e-mail address). */
  emailField?: string | null;
  /** `userVerificationFlagField` (default: the active column), hidden unless `hiddenFields` says otherwise. */
  verificationFlagField?: string | null;
  /** `userActiveField`, hidden unless `hiddenFields` says otherwise. */
  activeField?: string | null;
  /** `registerSerializerPasswordConfirm` (default true): `password_confirm` last, compared with `password`. */
  passwordConfirm?: boolean;
}

/** A generated serializer: its fields in order, and the columns it could not map (for a startup check). */
export interface RegisterSerializerSpec {
  fields: RegisterField[];
  unsupported: string[];
  passwordConfirm: boolean;
}

const STRING_TYPES = new Set([
  'varchar',
  'character varying',
  'text',
  'char',
  'character',
  'nvarchar',
  'nchar',
  'national varchar',
  'national char',
  'uuid',
  'citext',
  'tinytext',
  'mediumtext',
  'longtext',
  'varchar2',
  'nvarchar2',
  'string',
  'clob',
  'nclob',
  'shorttext',
  'alphanum',
]);
const INTEGER_TYPES = new Set([
  'int',
  'integer',
  'int2',
  'int4',
  'int8',
  'smallint',
  'bigint',
  'tinyint',
  'mediumint',
  'unsigned big int',
  'int64',
  'number',
]);
const NUMBER_TYPES = new Set([
  'float',
  'double',
  'real',
  'decimal',
  'numeric',
  'double precision',
  'float4',
  'float8',
  'money',
  'dec',
  'smalldecimal',
]);

function kindOf(column: ColumnMetadata, metadata: EntityMetadata): RegisterFieldKind | undefined {
  if (column.type === Boolean || column.type === 'boolean' || column.type === 'bool') return 'boolean';
  if (column.enum !== undefined) return 'choice';
  // simple-json and simple-array are stored as text but hold other values: not a string field.
  if (column.type === 'simple-json' || column.type === 'simple-array') return undefined;
  const type = String(metadata.connection.driver.normalizeType(column)).toLowerCase();
  if (column.type === String || STRING_TYPES.has(type)) return 'string';
  if (type === 'boolean' || type === 'bool') return 'boolean';
  if (INTEGER_TYPES.has(type)) return 'integer';
  if (NUMBER_TYPES.has(type)) return 'number';
  return undefined;
}

/** Generated, relation, date-stamp, version, tree and embedded columns are not plain columns. */
function isPlainColumn(column: ColumnMetadata): boolean {
  return !(
    column.relationMetadata ||
    column.embeddedMetadata ||
    column.isVirtual ||
    column.isDiscriminator ||
    column.isCreateDate ||
    column.isUpdateDate ||
    column.isDeleteDate ||
    column.isVersion ||
    column.isTreeLevel ||
    column.isNestedSetLeft ||
    column.isNestedSetRight ||
    column.isMaterializedPath ||
    column.isVirtualProperty ||
    (column.isGenerated && !column.isPrimary)
  );
}

/** Unique on its own: a unique column, or a single-column unique index or constraint. */
function isUnique(column: ColumnMetadata, metadata: EntityMetadata): boolean {
  return (
    metadata.indices.some((index) => index.isUnique && index.columns.length === 1 && index.columns[0] === column) ||
    metadata.uniques.some((unique) => unique.columns.length === 1 && unique.columns[0] === column)
  );
}

function uniqueMessage(property: string, options: RegisterSerializerOptions): RegisterField['uniqueMessage'] {
  if (property === options.usernameField) return { key: 'usernameTaken' };
  const label = property === (options.emailField ?? 'email') ? 'email address' : property.replace(/_/g, ' ');
  return { key: 'fieldTaken', params: { field_label: label } };
}

function maxLength(column: ColumnMetadata): number | undefined {
  const length = Number.parseInt(String(column.length), 10);
  return Number.isSafeInteger(length) && length > 0 ? length : undefined;
}

/** A password field: required, never blank, never trimmed, write-only (DRR's `password` and `password_confirm`). */
function passwordInput(name: string, property: string | null): RegisterField {
  return {
    name,
    property,
    kind: 'password',
    readOnly: false,
    required: true,
    allowNull: false,
    allowBlank: false,
    trim: false,
    username: false,
  };
}

function field(
  column: ColumnMetadata,
  kind: RegisterFieldKind,
  options: RegisterSerializerOptions,
  metadata: EntityMetadata,
): RegisterField {
  const property = column.propertyName;
  if (kind === 'password') return passwordInput('password', property);
  const required = !column.isNullable && column.default === undefined && !column.isGenerated;
  const email = property === (options.emailField ?? 'email');
  const result: RegisterField = {
    name: property,
    property,
    kind: email && kind === 'string' ? 'email' : kind,
    readOnly: column.isPrimary,
    required: required && !column.isPrimary,
    allowNull: column.isNullable,
    allowBlank: !required,
    trim: true,
    username: property === options.usernameField && !email && kind === 'string',
  };
  const length = kind === 'string' ? maxLength(column) : undefined;
  if (length !== undefined) result.maxLength = length;
  if (!column.isPrimary && isUnique(column, metadata)) result.uniqueMessage = uniqueMessage(property, options);
  if (kind === 'choice') result.choices = (column.enum ?? []).map(String);
  return result;
}

/**
 * Upstream's default `USER_HIDDEN_FIELDS` (Django's `last_login`, `is_active`, `is_staff`,
 * `is_superuser`, `user_permissions`, `groups`, `date_joined`), as entity properties in snake_case or
 * camelCase: hidden by default when the entity has them, so that no client registers itself as staff.
 */
export const UPSTREAM_HIDDEN_FIELDS: readonly string[] = [
  'last_login',
  'lastLogin',
  'is_active',
  'isActive',
  'is_staff',
  'isStaff',
  'is_superuser',
  'isSuperuser',
  'user_permissions',
  'userPermissions',
  'groups',
  'date_joined',
  'dateJoined',
];

/** The hidden properties when `userHiddenFields` is not set: the flag columns and upstream's defaults. */
export function defaultHiddenFields(options: RegisterSerializerOptions): string[] {
  const flags = [options.verificationFlagField, options.activeField].filter((name): name is string => !!name);
  return [...new Set([...flags, ...UPSTREAM_HIDDEN_FIELDS])];
}

/**
 * The register serializer upstream generates from the user model, made from the entity's TypeORM
 * metadata: its plain columns in declaration order minus the hidden ones (or exactly the public ones),
 * the primary key read-only, the password column as the write-only `password`, then `password_confirm`.
 */
export function registerSerializerFromMetadata(
  metadata: EntityMetadata,
  options: RegisterSerializerOptions = {},
): RegisterSerializerSpec {
  const passwordField = options.passwordField ?? 'password';
  const hidden = new Set(options.hiddenFields ?? defaultHiddenFields(options));
  const fields: RegisterField[] = [];
  const unsupported: string[] = [];
  for (const column of metadata.columns) {
    const property = column.propertyName;
    if (property === passwordField) {
      fields.push(field(column, 'password', options, metadata));
      continue;
    }
    if (options.publicFields ? !options.publicFields.includes(property) : hidden.has(property)) continue;
    if (!isPlainColumn(column)) continue;
    const kind = kindOf(column, metadata);
    if (kind === undefined) unsupported.push(property);
    else fields.push(field(column, kind, options, metadata));
  }
  const passwordConfirm = options.passwordConfirm ?? true;
  if (passwordConfirm) {
    fields.push(passwordInput('password_confirm', null));
  }
  return { fields, unsupported, passwordConfirm };
}
