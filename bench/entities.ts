import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The user entity of the bench apps, shaped like the sample's. */
@Entity('bench_users')
export class BenchUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}
