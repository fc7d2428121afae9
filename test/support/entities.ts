import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The user entity most suites use: unique username and email, an active flag. */
@Entity('test_users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, unique: true, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

/** Email not unique: for E010 and the "two users share the login value" case. */
@Entity('test_users_shared_email')
export class UserWithSharedEmail {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

/** A typical Nest user entity: email login, `passwordHash` column, no active flag. */
@Entity('test_members')
export class Member {
  /** Made in JavaScript, so no database extension is needed for UUIDs. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  uuid: string = randomUUID();

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;
}
