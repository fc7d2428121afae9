import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The user entity of the bench apps, shaped like the sample's. */
@Entity('bench_users')
export class BenchUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  /** Where register's verification e-mail goes (scenario 9). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}
