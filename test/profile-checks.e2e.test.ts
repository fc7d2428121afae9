import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthTokenEntity,
  type RegistrationModuleExtras,
  type RegistrationModuleOptions,
} from 'nestjs-rest-registration';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './support/entities.js';
import { startupProblemsOf } from './support/startup-problems.js';

/** A JSON column the generated profile serializer cannot read. */
@Entity('profile_check_users')
class PreferencesUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'simple-json', nullable: true })
  preferences: object | null;

  @Column({ type: 'varchar' })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

const problems = (
  settings: Partial<RegistrationModuleOptions>,
  routes: NonNullable<RegistrationModuleExtras['routes']> = ['login', 'logout', 'profile'],
) =>
  startupProblemsOf({
    entities: [User, PreferencesUser, AuthTokenEntity],
    settings,
    extras: { routes },
  });

describe('profile startup checks', () => {
  it('E087: an editable, public or hidden field that is not a column', async () => {
    assert.deepEqual(await problems({ userEditableFields: ['username', 'nickname'] }), [
      'registration.E087 userEditableFields names "nickname", not a column of User, so the profile cannot show or write it.',
    ]);
    assert.deepEqual(await problems({ userPublicFields: ['id', 'nick', 'bio'], userHiddenFields: ['isStaff'] }), [
      'registration.E087 userPublicFields names "nick", "bio", not columns of User, so the profile cannot show or write them.',
      'registration.E087 userHiddenFields names "isStaff", not a column of User, so the profile cannot show or write it.',
    ]);
    // Not served: not checked.
    assert.deepEqual(await problems({ userEditableFields: ['nickname'] }, ['login', 'logout']), []);
  });

  it('E088: a column type the generated profile serializer cannot read, or a serializer class that is not one', async () => {
    assert.deepEqual(await problems({ userEntity: PreferencesUser }), [
      'registration.E088 The generated profile serializer cannot read the column type of PreferencesUser.preferences.',
    ]);
    assert.deepEqual(await problems({ userEntity: PreferencesUser, userHiddenFields: ['preferences'] }), []);
    class OwnProfile {}
    assert.deepEqual(
      await problems({
        userEntity: PreferencesUser,
        userHiddenFields: ['isActive'],
        profileSerializerClass: OwnProfile,
      }),
      [],
    );
    assert.deepEqual(await problems({ profileSerializerClass: 'OwnProfile' as never }), [
      'registration.E088 profileSerializerClass is OwnProfile, not a class.',
    ]);
  });
});
