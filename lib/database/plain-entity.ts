import type { DataSource, EntityMetadata } from 'typeorm';
import { supportsRawSql } from './raw-sql.js';

/**
 * Whether the entity's rows are just its columns, so that prepared SQL and a direct hydration give
 * what the repository gives: one primary key, no eager relations, relation ids, embeddeds,
 * inheritance, trees or virtual properties, and nothing (listener or subscriber) acting on load.
 */
export function isPlainEntity(dataSource: DataSource, metadata: EntityMetadata): boolean {
  const m = metadata;
  const subscribersLoad = dataSource.subscribers.some((subscriber) => typeof subscriber.afterLoad === 'function');
  return (
    supportsRawSql(dataSource) &&
    !subscribersLoad &&
    m.primaryColumns.length === 1 &&
    m.eagerRelations.length === 0 &&
    m.afterLoadListeners.length === 0 &&
    m.relationIds.length === 0 &&
    m.embeddeds.length === 0 &&
    m.childEntityMetadatas.length === 0 &&
    m.parentEntityMetadata == null &&
    m.discriminatorColumn === undefined &&
    m.treeType === undefined &&
    m.columns.every((column) => !column.isVirtualProperty)
  );
}
