import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import {
  type ColumnMetadata,
  escapedTable,
  hydrate,
  placeholder,
  queryFirstRow,
  queryRows,
} from '../database/raw-sql.js';
import { isPlainEntity } from '../database/plain-entity.js';

/** Prefix of the user's columns in the result rows, so they cannot clash with a joined table's. */
const PREFIX = 'u_';

/** How to read the user in the same statement as another table's row (see `TokenLookup`). */
export interface UserJoin {
  /** Select list of the user's columns, aliased. */
  select: string;
  /** `LEFT JOIN ... ON ...` matching the user whose key equals the text expression `userIdSql`. */
  join(userIdSql: string): string;
  /** The user of a joined row; null when the join found none. */
  read(row: Record<string, unknown>): ObjectLiteral | null;
}

/**
 * `findOne({ where: { id } })` for plain user entities as one parameterized primary-key query and a
 * direct hydration: the same columns, conversions and soft-delete filter, without the query builder.
 * Entities with anything the plain path would not reproduce (eager relations, load listeners or
 * subscribers, inheritance, trees, embeddeds, virtual or relation-id columns, composite keys) are
 * reported unsupported and stay on the repository.
 */
export class UserByIdLookup {
  private columns?: ColumnMetadata[] | null;
  /** The result-row keys, made once (a fresh string per request costs a lookup each). */
  private keys?: { primary: string; columns: ReadonlyArray<readonly [ColumnMetadata, string]> };
  private sql?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metadata: EntityMetadata,
  ) {}

  /** `undefined` when this entity must go through the repository. */
  find(id: string | number): Promise<ObjectLiteral | null> | undefined {
    if (this.selectedColumns() === null) return undefined;
    this.sql ??= `SELECT ${this.selectList()} FROM ${escapedTable(this.dataSource, this.metadata)} u WHERE ${this.conditions(placeholder(this.dataSource, 0))}`;
    return this.run(this.sql, id);
  }

  /**
   * `find({ where: { [property]: value }, take: limit })` as one parameterized query: the same
   * columns, conversions and soft-delete filter. `undefined` (use the repository) when the entity is
   * not plain, the column has a transformer, or the database is MySQL or MariaDB, whose collations
   * need the repository's exact comparison.
   */
  findByProperty(property: string, value: string, limit: number): Promise<ObjectLiteral[]> | undefined {
    let sql = this.byProperty.get(property);
    if (sql === undefined) {
      const column = this.comparable(property);
      if (!column || column.transformer !== undefined) return undefined;
      sql = `SELECT ${this.selectList()} ${this.whereEquals(column, limit)}`;
      this.byProperty.set(property, sql);
    }
    return queryRows(this.dataSource, sql, [value]).then((rows) =>
      rows.map((row) => this.read(row)).filter((user): user is ObjectLiteral => user !== null),
    );
  }

  /** SQL of `findByProperty`, by property (the limit is fixed per caller). */
  private readonly byProperty = new Map<string, string>();

  /**
   * `getRawMany()` of a query builder selecting, under each alias of `selected`, its property, of the
   * rows whose `property` equals `value` (at most `limit`), as one prepared statement: the driver's
   * values, not hydrated, keyed by alias. `undefined` (use the query builder) where `findByProperty`
   * is, or when a selected property is not a column.
   */
  rawByProperty(
    property: string,
    value: string,
    limit: number,
    selected: Readonly<Record<string, string>>,
  ): Promise<Array<Record<string, unknown>>> | undefined {
    const aliases = Object.keys(selected);
    const key = `${property}\0${limit}\0${aliases.map((alias) => `${alias}=${selected[alias]}`).join('\0')}`;
    let sql = this.rawByPropertySql.get(key);
    if (sql === undefined) {
      const column = this.comparable(property);
      const columns = aliases.map((alias) => this.metadata.findColumnWithPropertyName(selected[alias]));
      if (!column || columns.some((c) => !c || c.embeddedMetadata)) return undefined;
      const list = columns.map((c, i) => `u.${this.escape(c!.databaseName)} AS ${this.escape(aliases[i])}`);
      sql = `SELECT ${list.join(', ')} ${this.whereEquals(column, limit)}`;
      this.rawByPropertySql.set(key, sql);
    }
    return queryRows(this.dataSource, sql, [value]);
  }

  /** SQL of `rawByProperty`, by property, limit and selection. */
  private readonly rawByPropertySql = new Map<string, string>();

  /**
   * The column a prepared lookup by `property` compares; `undefined` when the entity is not plain, the
   * database is not SQLite or PostgreSQL (MySQL's and MariaDB's collations need the repository's exact
   * comparison), or the property is not a column outside an embedded.
   */
  private comparable(property: string): ColumnMetadata | undefined {
    if (this.selectedColumns() === null) return undefined;
    const type = this.dataSource.options.type;
    if (type !== 'better-sqlite3' && type !== 'postgres') return undefined;
    const column = this.metadata.findColumnWithPropertyName(property);
    return column && !column.embeddedMetadata ? column : undefined;
  }

  /** `FROM ... WHERE` the column equals the first parameter (and the row is not soft-deleted) `LIMIT`. */
  private whereEquals(column: ColumnMetadata, limit: number): string {
    return `FROM ${escapedTable(this.dataSource, this.metadata)} u WHERE ${this.conditions(placeholder(this.dataSource, 0), column)} LIMIT ${Math.trunc(limit)}`;
  }

  /** The join that reads the user along with another row; `undefined` when the entity is not plain. */
  joinable(): UserJoin | undefined {
    if (this.selectedColumns() === null) return undefined;
    return {
      select: this.selectList(),
      join: (userIdSql) =>
        `LEFT JOIN ${escapedTable(this.dataSource, this.metadata)} u ON ${this.conditions(this.keyFromText(userIdSql))}`,
      read: (row) => this.read(row),
    };
  }

  private async run(sql: string, id: string | number): Promise<ObjectLiteral | null> {
    const row = await queryFirstRow(this.dataSource, sql, [id]);
    return row === undefined ? null : this.read(row);
  }

  private read(row: Record<string, unknown>): ObjectLiteral | null {
    this.keys ??= {
      primary: PREFIX + this.metadata.primaryColumns[0].databaseName,
      columns: this.selectedColumns()!.map((column) => [column, PREFIX + column.databaseName] as const),
    };
    if (row[this.keys.primary] == null) return null;
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
    for (const [column, key] of this.keys.columns) {
      if (row[key] !== undefined) column.setEntityValue(entity, hydrate(this.dataSource, column, row, key));
    }
    return entity;
  }

  private escape(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  private selectList(): string {
    return this.selectedColumns()!
      .map((column) => `u.${this.escape(column.databaseName)} AS ${this.escape(PREFIX + column.databaseName)}`)
      .join(', ');
  }

  /** `column` (default: the primary key) equal to `valueSql`, and not soft-deleted (as `find` filters). */
  private conditions(valueSql: string, column: ColumnMetadata = this.metadata.primaryColumns[0]): string {
    const conditions = [`u.${this.escape(column.databaseName)} = ${valueSql}`];
    const deleted = this.metadata.deleteDateColumn;
    if (deleted) conditions.push(`u.${this.escape(deleted.databaseName)} IS NULL`);
    return conditions.join(' AND ');
  }

  /** A text expression turned into the key's type: PostgreSQL needs a cast; SQLite and MySQL convert by themselves. */
  private keyFromText(textSql: string): string {
    if (this.dataSource.options.type !== 'postgres') return textSql;
    return `CAST(${textSql} AS ${this.dataSource.driver.normalizeType(this.metadata.primaryColumns[0])})`;
  }

  /** The columns `findOne` selects, or null when the entity is not plain. */
  private selectedColumns(): ColumnMetadata[] | null {
    this.columns ??= isPlainEntity(this.dataSource, this.metadata)
      ? this.metadata.columns.filter((column) => !column.isVirtual && column.isSelect)
      : null;
    return this.columns;
  }
}
