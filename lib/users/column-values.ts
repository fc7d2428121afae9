import type { DataSource, EntityMetadata } from 'typeorm';

const INTEGER_RANGES: Record<string, bigint> = {
  smallint: 2n ** 15n,
  int2: 2n ** 15n,
  int: 2n ** 31n,
  int4: 2n ** 31n,
  integer: 2n ** 31n,
  mediumint: 2n ** 23n,
  tinyint: 2n ** 7n,
  bigint: 2n ** 63n,
  int8: 2n ** 63n,
};
const DECIMAL_TYPES = new Set([
  'numeric',
  'decimal',
  'float',
  'double',
  'double precision',
  'real',
  'float4',
  'float8',
]);
const INTEGER = /^-?\d{1,20}$/;
const DECIMAL = /^-?(\d{1,40}(\.\d{0,40})?|\.\d{1,40})([eE][-+]?\d{1,3})?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * Whether `value` could be stored in the column of `field`. A login value no row can hold matches
 * nobody, and is not sent to the database: PostgreSQL refuses text with U+0000 and non-numbers for
 * numeric or uuid columns with an error that quotes the value. Values of other types pass.
 */
export function columnCanHold(
  dataSource: DataSource,
  metadata: EntityMetadata,
  field: string,
  value: unknown,
): boolean {
  if (typeof value !== 'string') return true;
  const column = metadata.findColumnWithPropertyName(field);
  if (!column) return true;
  const postgres = dataSource.options.type === 'postgres';
  const type = typeof column.type === 'string' ? column.type.toLowerCase() : column.type === Number ? 'integer' : '';
  if (type in INTEGER_RANGES) {
    if (!INTEGER.test(value)) return false;
    const limit = column.unsigned ? INTEGER_RANGES[type] * 2n : INTEGER_RANGES[type];
    const number = BigInt(value);
    return column.unsigned ? number >= 0n && number < limit : number >= -limit && number < limit;
  }
  if (DECIMAL_TYPES.has(type)) return DECIMAL.test(value);
  if (type === 'uuid' && postgres) return UUID.test(value);
  // Text with U+0000: PostgreSQL cannot store it, so no row holds it (and it would be an error).
  return !(postgres && value.includes('\u0000'));
}
