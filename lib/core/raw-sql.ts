import type { DataSource, EntityMetadata } from 'typeorm';

/** TypeORM's column metadata (not exported from the package root). */
export type ColumnMetadata = EntityMetadata['columns'][number];

/** Drivers whose positional parameters `dataSource.query()` binds from an array as `driver.createParameter` spells them. */
const RAW_SQL_DRIVERS = new Set(['better-sqlite3', 'sqlite', 'postgres', 'mysql', 'mariadb']);

/** Whether prepared raw SQL may replace the query builder on this data source. */
export function supportsRawSql(dataSource: DataSource): boolean {
  return RAW_SQL_DRIVERS.has(dataSource.options.type);
}

/** The entity's table, escaped for this driver (schema-qualified when it has a schema). */
export function escapedTable(dataSource: DataSource, metadata: EntityMetadata): string {
  return metadata.tablePath
    .split('.')
    .map((part) => (part === '' ? part : dataSource.driver.escape(part)))
    .join('.');
}

/** The placeholder of the `index`-th (0-based) parameter: `?` or `$1`, as the driver wants it. */
export function placeholder(dataSource: DataSource, index: number): string {
  return dataSource.driver.createParameter(`p${index}`, index);
}

/** A raw column value converted as TypeORM converts it when it loads an entity (dates, booleans, transformers). */
export function hydrate(
  dataSource: DataSource,
  column: ColumnMetadata,
  raw: Record<string, unknown>,
  key = column.databaseName,
): unknown {
  return dataSource.driver.prepareHydratedValue(raw[key], column);
}
