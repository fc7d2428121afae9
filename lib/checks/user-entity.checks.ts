import type { EntityMetadata } from 'typeorm';
import { type Check, type CheckContext, type CheckProblem, problem } from './check.js';

function userMetadata({ settings, dataSource }: CheckContext): EntityMetadata | undefined {
  return typeof settings.userEntity === 'function' && dataSource.hasMetadata(settings.userEntity)
    ? dataSource.getMetadata(settings.userEntity)
    : undefined;
}

function columnList(metadata: EntityMetadata): string {
  return metadata.columns.map((column) => column.propertyName).join(', ');
}

/** E017: `userEntity` is set and is an entity of the DataSource. */
export const checkUserEntity: Check = (context) => {
  const entity = context.settings.userEntity;
  if (typeof entity !== 'function') {
    return [
      problem('E017', 'userEntity is not set.', 'Pass your TypeORM user entity class: forRoot({ userEntity: User }).'),
    ];
  }
  if (!userMetadata(context)) {
    return [
      problem(
        'E017',
        `userEntity ${entity.name} is not an entity of the DataSource.`,
        `Add ${entity.name} to the "entities" of TypeOrmModule.forRoot(), or use the "dataSource" option to name the DataSource that has it.`,
      ),
    ];
  }
  return [];
};

/** E020: the user entity has a single-column primary key (tokens refer to it). */
export const checkUserPrimaryKey: Check = (context) => {
  const metadata = userMetadata(context);
  if (!metadata || metadata.primaryColumns.length === 1) return [];
  return [
    problem(
      'E020',
      `${metadata.name} has ${metadata.primaryColumns.length} primary key columns; one is needed.`,
      'Give the user entity a single primary key column (for example @PrimaryGeneratedColumn() id).',
    ),
  ];
};

/** E015 (a login field is not a column) and E010 (a login field is not unique). */
export const checkLoginFields: Check = (context) => {
  const metadata = userMetadata(context);
  if (!metadata) return [];
  const problems: CheckProblem[] = [];
  const notUnique: string[] = [];
  for (const field of context.settings.userLoginFields) {
    const column = metadata.findColumnWithPropertyName(field);
    if (!column) {
      problems.push(
        problem(
          'E015',
          `userLoginFields names "${field}", which is not a column of ${metadata.name}.`,
          `Use columns of ${metadata.name} (${columnList(metadata)}), or add the column to the entity.`,
        ),
      );
      continue;
    }
    const unique =
      column.isPrimary ||
      metadata.indices.some((index) => index.isUnique && index.columns.length === 1 && index.columns[0] === column) ||
      metadata.uniques.some((constraint) => constraint.columns.length === 1 && constraint.columns[0] === column);
    if (!unique) notUnique.push(field);
  }
  if (notUnique.length > 0 && context.settings.userLoginFieldsUniqueCheckEnabled) {
    problems.push(
      problem(
        'E010',
        `At least one of userLoginFields is not unique: ${notUnique.join(', ')}.`,
        `Mark ${notUnique.map((f) => `${metadata.name}.${f}`).join(', ')} unique (@Column({ unique: true })), or set userLoginFieldsUniqueCheckEnabled: false if you know why it may repeat.`,
      ),
    );
  }
  return problems;
};

/** E018 (password column) and E019 (active column). */
export const checkUserColumns: Check = (context) => {
  const metadata = userMetadata(context);
  if (!metadata) return [];
  const problems: CheckProblem[] = [];
  const { userPasswordField, userActiveField } = context.settings;
  if (!metadata.findColumnWithPropertyName(userPasswordField)) {
    problems.push(
      problem(
        'E018',
        `userPasswordField is "${userPasswordField}", which is not a column of ${metadata.name}.`,
        `Set userPasswordField to the column that holds the password hash (columns: ${columnList(metadata)}).`,
      ),
    );
  }
  if (userActiveField !== null && !metadata.findColumnWithPropertyName(userActiveField)) {
    problems.push(
      problem(
        'E019',
        `userActiveField is "${userActiveField}", which is not a column of ${metadata.name}.`,
        `Set userActiveField to the boolean column that marks active users, or to null if every user may log in (columns: ${columnList(metadata)}).`,
      ),
    );
  }
  return problems;
};
