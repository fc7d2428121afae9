import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity, RegistrationModule } from 'nestjs-rest-registration';
import { MeController } from './me.controller.js';
import { User } from './user.entity.js';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.env.SAMPLE_DATABASE ?? 'sample/.data/sample.sqlite',
      entities: [User, AuthTokenEntity],
      synchronize: true,
    }),
    RegistrationModule.forRoot({
      userEntity: User,
      userLoginFields: ['username', 'email'],
    }),
  ],
  controllers: [MeController],
})
export class AppModule {}
