import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Column, CreateDateColumn, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { hydrate } from '../lib/database/raw-sql.js';

@Entity('hydrate_probe')
class HydrateProbe {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: 'datetime', nullable: true })
  seenAt: Date | null;

  @Column({
    type: 'datetime',
    nullable: true,
    transformer: { to: (v: unknown) => v, from: (v: unknown) => `from:${v}` },
  })
  transformed: string | null;
}

// hydrate() reads SQLite datetimes without TypeORM's regular expressions and date-string parse; it must
// give exactly what the driver gives for every text, the ones it leaves to the driver included.
describe('hydrate() on SQLite gives what TypeORM gives', () => {
  let dataSource: DataSource;
  before(async () => {
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [HydrateProbe] });
    await dataSource.initialize();
  });
  after(() => dataSource.destroy());

  const same = (column: string, text: unknown) => {
    const metadata = dataSource.getMetadata(HydrateProbe).findColumnWithPropertyName(column)!;
    const ours = hydrate(dataSource, metadata, { value: text }, 'value');
    const typeorm = dataSource.driver.prepareHydratedValue(text, metadata);
    if (ours instanceof Date && typeorm instanceof Date) {
      assert.ok(
        Object.is(ours.getTime(), typeorm.getTime()),
        `${String(text)}: ${ours.getTime()} vs ${typeorm.getTime()}`,
      );
    } else {
      assert.deepEqual(ours, typeorm, String(text));
    }
  };

  it('for the texts TypeORM writes, across the years it can', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const date = new Date(
        Date.UTC(1000 + Math.floor(random() * 9000), 0, 1) + Math.floor(random() * 366 * 86_400_000),
      );
      const text = date.toISOString().replace('T', ' ').replace('Z', '');
      same('createdAt', text);
      same('seenAt', text.slice(0, 19));
    }
  });

  it('for edge and foreign texts (left to the driver)', () => {
    const texts = [
      '2024-02-29 12:00:00.000',
      '2026-02-29 12:00:00.000',
      '2026-02-31 00:00:00',
      '2100-02-29 00:00:00',
      '2000-02-29 00:00:00',
      '2026-12-03 24:00:00.000',
      '2026-12-03 23:60:00.000',
      '2026-12-03 23:59:60.000',
      '2026-13-01 00:00:00.000',
      '2026-00-10 00:00:00.000',
      '2026-12-00 00:00:00.000',
      '0999-12-31 23:59:59.999',
      '0050-01-01 00:00:00.000',
      '2026-12-03T09:44:00.123',
      '2026-12-03T09:44:00.123Z',
      '2026-12-03 09:44:00.123+02:00',
      '2026-12-03 09:44',
      '2026-12-03',
      '2026-12-03 09:44:00.1',
      '2026-12-03 09:44:00,123',
      '2026-1a-03 09:44:00.123',
      '２０２６-12-03 09:44:00.123',
      '',
      'not a date',
      null,
      undefined,
    ];
    for (const text of texts) for (const column of ['createdAt', 'seenAt', 'transformed']) same(column, text);
  });

  it('through transformers', () => {
    same('transformed', '2026-12-03 09:44:00.123');
  });
});
