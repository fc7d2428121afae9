import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  DataSource,
  Entity,
  type EntitySubscriberInterface,
  EventSubscriber,
  type InsertEvent,
  type Logger as TypeOrmLogger,
  type ObjectLiteral,
  PrimaryGeneratedColumn,
  QueryFailedError,
  UpdateDateColumn,
} from 'typeorm';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { PreparedInsert } from '../lib/database/prepared-insert.js';
import { isUniqueViolation } from '../lib/database/unique-violation.js';
import { DATABASES, type FreshDatabase } from './support/databases.js';
import { createRegistrationApp, DjangoUser, GOOD, type RegistrationTestApp } from './support/registration.js';

@Entity('pi_users')
class InsertUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  nickname: string | null;

  @Column({ type: 'varchar', length: 20, default: 'member' })
  role: string;

  @Column({ type: 'int', default: 7 })
  score: number;

  @Column({ default: false })
  isActive: boolean;

  @Column({ type: 'simple-array', nullable: true })
  tags: string[] | null;

  @Column({ type: Date, nullable: true })
  lastSeen: Date | null;

  @CreateDateColumn()
  joined: Date;

  @UpdateDateColumn()
  changed: Date;
}

@Entity('pi_uuid_users')
class UuidUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 150 })
  username: string;

  @Column({ default: true })
  isActive: boolean;
}

@Entity('pi_listened_users')
class ListenedUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150 })
  username: string;

  @BeforeInsert()
  lowerCase(): void {
    this.username = this.username.toLowerCase();
  }
}

const ENTITIES = [InsertUser, UuidUser, ListenedUser, AuthTokenEntity];

/** Values of `entity` without the ones every insert makes anew (key, dates). */
function comparable(entity: ObjectLiteral, generated: string[]): ObjectLiteral {
  const copy: ObjectLiteral = { ...entity };
  for (const key of generated) {
    assert.ok(key in copy, `${key} missing`);
    assert.notEqual(copy[key], undefined, `${key} undefined`);
    delete copy[key];
  }
  return copy;
}

const DATES = ['joined', 'changed'];

// PreparedInsert replaces repository.save (register's new user) and repository.insert (login's token
// row) on SQLite and PostgreSQL: the same row stored and the same entity answered, and the repository
// kept wherever something else (a listener, a subscriber, MariaDB) would see or do more.
for (const database of DATABASES) {
  describe(`prepared insert on ${database.name}`, { skip: database.skip }, () => {
    let fresh: FreshDatabase;
    let dataSource: DataSource;
    const prepared = database.kind !== 'mariadb';

    before(async () => {
      fresh = await database.create();
      dataSource = await new DataSource(fresh.options(ENTITIES)).initialize();
    });
    after(async () => {
      await dataSource?.destroy();
      await fresh?.drop();
    });

    it(`${prepared ? 'stores' : 'leaves to the repository'} a new user as save() does`, async () => {
      const repository = dataSource.getRepository(InsertUser);
      const values = { username: 'saved', email: 'a@example.com', isActive: true, tags: ['x', 'y'] };
      const bySave = await repository.save(repository.create({ ...values }));
      const entity = repository.create({ ...values, username: 'prepared' });
      const run = new PreparedInsert(dataSource, repository.metadata, 'save').run(entity);
      if (!prepared) return assert.equal(run, undefined);
      assert.ok(run, 'the prepared path is taken');
      await run;
      assert.ok(entity instanceof InsertUser);
      assert.equal(typeof entity.id, 'number');
      assert.notEqual(entity.id, bySave.id);
      for (const key of DATES) assert.ok(entity[key as 'joined'] instanceof Date, key);
      assert.deepEqual(
        { ...comparable(entity, ['id', ...DATES]), username: 'x' },
        { ...comparable(bySave, ['id', ...DATES]), username: 'x' },
      );
      const stored = await repository.findOneByOrFail({ id: entity.id });
      const storedBySave = await repository.findOneByOrFail({ id: bySave.id });
      assert.deepEqual(
        { ...comparable(stored, ['id', ...DATES]), username: 'x' },
        { ...comparable(storedBySave, ['id', ...DATES]), username: 'x' },
      );
      assert.deepEqual(stored.tags, ['x', 'y']);
      assert.equal(stored.role, 'member');
      assert.equal(stored.score, 7);
      assert.equal(stored.nickname, null);
    });

    it('answers the defaults and nulls save() answers, and stores given values over defaults', async () => {
      const repository = dataSource.getRepository(InsertUser);
      const entity = repository.create({ username: 'defaults', role: 'admin', score: 0, isActive: false });
      const run = new PreparedInsert(dataSource, repository.metadata, 'save').run(entity);
      if (!prepared) return assert.equal(run, undefined);
      await run;
      const bySave = await repository.save(repository.create({ username: 'defaults-save', role: 'admin', score: 0 }));
      assert.equal(entity.role, 'admin');
      assert.equal(entity.score, 0);
      assert.equal(entity.isActive, false);
      assert.equal(entity.email, null);
      assert.equal(entity.tags, null);
      assert.equal(bySave.email, null);
      const stored = await repository.findOneByOrFail({ id: entity.id });
      assert.equal(stored.role, 'admin');
      assert.equal(stored.score, 0);
      assert.equal(stored.isActive, false);
    });

    it('a generated UUID key, made here where the database cannot', async () => {
      const repository = dataSource.getRepository(UuidUser);
      const entity = repository.create({ username: 'uuid' });
      const run = new PreparedInsert(dataSource, repository.metadata, 'save').run(entity);
      if (!prepared) return assert.equal(run, undefined);
      await run;
      assert.match(entity.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(entity.isActive, true);
      const stored = await repository.findOneByOrFail({ id: entity.id });
      assert.equal(stored.username, 'uuid');
    });

    it('a token row stored as insert() stores it', async () => {
      const tokens = dataSource.getRepository(AuthTokenEntity);
      const now = new Date();
      now.setMilliseconds(0); // MariaDB's datetime keeps seconds
      const row = (digest: string) => ({
        digest,
        userId: '42',
        createdAt: now,
        lastUsedAt: null,
        expiresAt: new Date(now.getTime() + 60_000),
        passwordStamp: 'stamp',
      });
      await tokens.insert(row('a'.repeat(64)));
      const run = new PreparedInsert(dataSource, tokens.metadata, 'insert').run(row('b'.repeat(64)));
      if (!prepared) return assert.equal(run, undefined);
      await run;
      const [byInsert, byPrepared] = await Promise.all([
        tokens.findOneByOrFail({ digest: 'a'.repeat(64) }),
        tokens.findOneByOrFail({ digest: 'b'.repeat(64) }),
      ]);
      assert.deepEqual({ ...byPrepared, digest: '' }, { ...byInsert, digest: '' });
      assert.equal(byPrepared.createdAt.getTime(), now.getTime());
    });

    it('a unique violation fails as the query runner fails it, and stores nothing', async () => {
      const repository = dataSource.getRepository(InsertUser);
      const before = await repository.count();
      const run = new PreparedInsert(dataSource, repository.metadata, 'save').run(
        repository.create({ username: 'saved' }),
      );
      if (!prepared) return assert.equal(run, undefined);
      const error = await run!.then(
        () => assert.fail('the duplicate was stored'),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof QueryFailedError);
      assert.ok(isUniqueViolation(error));
      assert.equal(await repository.count(), before);
    });

    it('keeps to the repository for an entity with an insert listener, a given key or a SQL expression', () => {
      const listened = dataSource.getRepository(ListenedUser);
      assert.equal(
        new PreparedInsert(dataSource, listened.metadata, 'save').run(listened.create({ username: 'Ab' })),
        undefined,
      );
      const users = dataSource.getRepository(InsertUser);
      const insert = new PreparedInsert(dataSource, users.metadata, 'save');
      assert.equal(insert.run(users.create({ id: 999, username: 'given-key' })), undefined);
      assert.equal(insert.run({ username: () => "'expression'" }), undefined);
    });
  });
}

@EventSubscriber()
class UserInsertSubscriber implements EntitySubscriberInterface<DjangoUser> {
  static seen: string[] = [];
  listenTo(): typeof DjangoUser {
    return DjangoUser;
  }
  afterInsert(event: InsertEvent<DjangoUser>): void {
    UserInsertSubscriber.seen.push(`user ${event.entity.username}`);
  }
}

@EventSubscriber()
class EveryInsertSubscriber implements EntitySubscriberInterface {
  static seen: string[] = [];
  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    EveryInsertSubscriber.seen.push(event.metadata.tableName);
  }
}

@EventSubscriber()
class OtherEntitySubscriber implements EntitySubscriberInterface<InsertUser> {
  static seen: string[] = [];
  listenTo(): typeof InsertUser {
    return InsertUser;
  }
  beforeInsert(): void {
    OtherEntitySubscriber.seen.push('other');
  }
}

/** Every query TypeORM's query runner sends. */
class QueryLog implements TypeOrmLogger {
  static queries: string[] = [];
  logQuery(query: string): void {
    QueryLog.queries.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

async function registerAndLogIn(t: RegistrationTestApp, username: string): Promise<void> {
  const registered = await t.http
    .post('/accounts/register')
    .send({ username, email: `${username}@example.com`, password: GOOD, password_confirm: GOOD });
  assert.equal(registered.status, 201, registered.text);
  await t.dataSource.getRepository(DjangoUser).update({ username }, { is_active: true });
  const login = await t.http.post('/accounts/login').send({ login: username, password: GOOD });
  assert.equal(login.status, 200, login.text);
}

// Through the routes: register's user and login's token go past TypeORM's query runner where nothing
// else would see them, and through the repository, with the host's subscribers called, where one would.
for (const database of DATABASES) {
  describe(`register and login inserts on ${database.name}`, { skip: database.skip }, () => {
    it(`${database.kind === 'mariadb' ? 'go through' : 'skip'} the query runner without subscribers`, async () => {
      const t = await createRegistrationApp(database, undefined, {
        entities: [DjangoUser, InsertUser, AuthTokenEntity],
        databaseOptions: { logging: ['query'], logger: new QueryLog() },
      });
      try {
        QueryLog.queries = [];
        await registerAndLogIn(t, 'quiet');
        const inserts = QueryLog.queries.filter((query) => /^\s*INSERT/i.test(query));
        if (database.kind === 'mariadb') assert.equal(inserts.length, 2, inserts.join('\n'));
        else assert.deepEqual(inserts, []);
        const user = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'quiet' });
        assert.equal(user.first_name, '');
        assert.equal(user.is_staff, false);
        assert.ok(user.date_joined instanceof Date);
        assert.equal((await t.tokenRows()).length, 1);
      } finally {
        await t.close();
      }
    });

    it("calls the host's subscribers for both inserts", async () => {
      const t = await createRegistrationApp(database, undefined, {
        entities: [DjangoUser, InsertUser, AuthTokenEntity],
        databaseOptions: { subscribers: [UserInsertSubscriber, EveryInsertSubscriber, OtherEntitySubscriber] },
      });
      try {
        UserInsertSubscriber.seen = [];
        EveryInsertSubscriber.seen = [];
        OtherEntitySubscriber.seen = [];
        await registerAndLogIn(t, 'watched');
        assert.deepEqual(UserInsertSubscriber.seen, ['user watched']);
        assert.deepEqual(EveryInsertSubscriber.seen, ['auth_user', 'registration_auth_token']);
        assert.deepEqual(OtherEntitySubscriber.seen, []);
      } finally {
        await t.close();
      }
    });
  });
}
