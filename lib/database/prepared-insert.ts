import { randomUUID } from 'node:crypto';
import type { DataSource, EntityMetadata, EntitySubscriberInterface, ObjectLiteral } from 'typeorm';
import { isPlainEntity } from './plain-entity.js';
import { type ColumnMetadata, escapedTable, hydrate, placeholder, writeRow } from './raw-sql.js';

/**
 * Subscriber hooks a `save` or `insert` through the repository calls (transactions: `save` opens one).
 * A subscriber with any of them that listens to the entity keeps its inserts on the repository.
 */
const INSERT_HOOKS = [
  'beforeInsert',
  'afterInsert',
  'beforeTransactionStart',
  'afterTransactionStart',
  'beforeTransactionCommit',
  'afterTransactionCommit',
  'beforeTransactionRollback',
  'afterTransactionRollback',
] as const;

/** Hooks TypeORM broadcasts to every subscriber, whatever it listens to. */
const TRANSACTION_HOOKS = new Set<string>(INSERT_HOOKS.filter((hook) => hook.includes('Transaction')));

/**
 * `repository.save(entity)` of a new entity (`'save'`) or `repository.insert(entity)` (`'insert'`) as
 * one prepared `INSERT ... RETURNING` on better-sqlite3 and PostgreSQL: the columns and values
 * TypeORM's insert writes (each value through the driver's `preparePersistentValue`; a column left
 * undefined gets the entity's default on SQLite and `DEFAULT` on PostgreSQL, as TypeORM writes them; a
 * generated UUID made here where SQLite cannot), and what the database generated (the key, defaults,
 * dates) merged back into the entity as TypeORM merges it. Without the query builder, the subject
 * graph, the query runner and (for `save`) a transaction around the one statement.
 *
 * Only where that is all the repository would do: a plain entity without relations, insert listeners,
 * or subscribers with insert or transaction hooks; no version, tree, discriminator, spatial, JSONB or
 * database-generated (`asExpression`) columns, no transformers, key generation by increment or UUID.
 * For `save`, also only for an entity whose key is not given (save would look for the row first).
 * Everything else answers `undefined`: the caller uses the repository.
 */
export class PreparedInsert {
  /** The columns the insert writes, null when the entity must go through the repository. */
  private inserted?: ColumnMetadata[] | null;
  private returned?: ColumnMetadata[];
  /** The SQL for each set of columns left undefined (one character per inserted column). */
  private readonly statements = new Map<string, string>();
  private readonly sqlite: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metadata: EntityMetadata,
    private readonly flavour: 'save' | 'insert',
  ) {
    this.sqlite = dataSource.options.type === 'better-sqlite3';
  }

  /** Inserts `entity` and merges what the database generated into it; `undefined`: use the repository. */
  run(entity: ObjectLiteral): Promise<void> | undefined {
    const columns = this.columns();
    if (columns === null) return undefined;
    // save() of an entity with its key given looks for the row first (and may update it).
    if (
      this.flavour === 'save' &&
      this.metadata.primaryColumns.some((column) => column.getEntityValue(entity) !== undefined)
    )
      return undefined;
    const driver = this.dataSource.driver;
    const values: unknown[] = [];
    let shape = '';
    let generatedUuid: [ColumnMetadata, string] | undefined;
    for (const column of columns) {
      let value: unknown = column.getEntityValue(entity);
      // A raw SQL expression (a function) is the query builder's to write.
      if (typeof value === 'function') return undefined;
      if (value === undefined && column.generationStrategy === 'uuid' && !driver.isUUIDGenerationSupported()) {
        value = randomUUID();
        generatedUuid = [column, value as string];
      }
      if (value === undefined) {
        shape += '0';
        continue;
      }
      shape += '1';
      const prepared: unknown = driver.preparePersistentValue(value, column);
      // better-sqlite3 binds no booleans; TypeORM's query runner turns them into 1 and 0.
      values.push(typeof prepared === 'boolean' && this.sqlite ? Number(prepared) : prepared);
    }
    const sql = this.sql(columns, shape);
    const written = writeRow(this.dataSource, sql, values);
    if (written === undefined) return undefined;
    if (generatedUuid) generatedUuid[0].setEntityValue(entity, generatedUuid[1]);
    return written.then((row) => this.merge(entity, row));
  }

  /**
   * What the repository leaves in the entity after the insert: `save` sets the nullable columns left
   * undefined to null; then the returned columns, hydrated on SQLite (TypeORM reads them again), as
   * the driver gave them on PostgreSQL.
   */
  private merge(entity: ObjectLiteral, row: Record<string, unknown> | undefined): void {
    if (this.flavour === 'save') {
      for (const column of this.metadata.columns) {
        if (
          !column.isVirtual &&
          !column.isDeleteDate &&
          column.isNullable &&
          column.getEntityValue(entity) === undefined
        )
          column.setEntityValue(entity, null);
      }
    }
    if (row === undefined) return;
    for (const column of this.returned!) {
      if (!(column.databaseName in row)) continue;
      column.setEntityValue(entity, this.sqlite ? hydrate(this.dataSource, column, row) : row[column.databaseName]);
    }
  }

  private sql(columns: ColumnMetadata[], shape: string): string {
    let sql = this.statements.get(shape);
    if (sql !== undefined) return sql;
    const driver = this.dataSource.driver;
    let parameter = 0;
    const expressions = columns.map((column, index) => {
      if (shape[index] === '1') return placeholder(this.dataSource, parameter++);
      if (!this.sqlite) return 'DEFAULT';
      // SQLite has no DEFAULT in VALUES: TypeORM writes the column's default, or NULL.
      return column.default !== undefined && column.default !== null ? driver.normalizeDefault(column)! : 'NULL';
    });
    sql = `INSERT INTO ${escapedTable(this.dataSource, this.metadata)} (${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES (${expressions.join(', ')})`;
    if (this.returned!.length > 0)
      sql += ` RETURNING ${this.returned!.map((column) => driver.escape(column.databaseName)).join(', ')}`;
    this.statements.set(shape, sql);
    return sql;
  }

  private columns(): ColumnMetadata[] | null {
    if (this.inserted !== undefined) return this.inserted;
    const m = this.metadata;
    const type = this.dataSource.options.type;
    const spatial = new Set<unknown>(this.dataSource.driver.spatialTypes);
    const eligible =
      (type === 'better-sqlite3' || type === 'postgres') &&
      isPlainEntity(this.dataSource, m) &&
      m.relations.length === 0 &&
      m.beforeInsertListeners.length === 0 &&
      m.afterInsertListeners.length === 0 &&
      !this.dataSource.subscribers.some((subscriber) => this.hooksInsert(subscriber)) &&
      m.columns.every(
        (column) =>
          !column.isVersion &&
          !column.isDiscriminator &&
          !column.isTreeLevel &&
          !column.isNestedSetLeft &&
          !column.isNestedSetRight &&
          !column.isMaterializedPath &&
          !column.isObjectId &&
          column.transformer === undefined &&
          column.asExpression === undefined &&
          column.type !== 'jsonb' &&
          !spatial.has(column.type) &&
          (!column.isGenerated || column.generationStrategy === 'increment' || column.generationStrategy === 'uuid'),
      );
    // As TypeORM's insert: every insertable column; PostgreSQL leaves an increment key to its sequence.
    this.inserted = eligible
      ? m.columns.filter(
          (column) =>
            column.isInsert &&
            !(type === 'postgres' && column.isGenerated && column.generationStrategy === 'increment'),
        )
      : null;
    // What TypeORM reads back: the generated key and the columns with defaults or special dates.
    this.returned = m.getInsertionReturningColumns();
    return this.inserted;
  }

  /** Whether the subscriber would see this entity's insert (as TypeORM's broadcaster decides it). */
  private hooksInsert(subscriber: EntitySubscriberInterface): boolean {
    const target = this.metadata.target;
    const listened: unknown = typeof subscriber.listenTo === 'function' ? subscriber.listenTo() : undefined;
    const listens =
      !listened ||
      listened === Object ||
      listened === target ||
      (typeof listened === 'function' && Object.prototype.isPrototypeOf.call(listened, target));
    return INSERT_HOOKS.some(
      (hook) =>
        typeof (subscriber as Record<string, unknown>)[hook] === 'function' && (listens || TRANSACTION_HOOKS.has(hook)),
    );
  }
}
