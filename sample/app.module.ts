import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity, RegistrationModule } from 'nestjs-rest-registration';
import { randomBytes } from 'node:crypto';
import { ConsoleMailer } from './console-mailer.js';
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
      routes: 'all', // every upstream route: register, reset, change-password, profile, e-mail change
      // Keep it in your secrets store; a random one means links stop working when the sample restarts.
      secretKey: process.env.SECRET_KEY ?? randomBytes(32).toString('base64url'),
      // Your front end's page; it posts the link's query to verify-registration.
      registerVerificationUrl: `http://127.0.0.1:${process.env.PORT ?? 3000}/verify-user/`,
      // The page that posts an e-mail change's link to verify-email.
      registerEmailVerificationUrl: `http://127.0.0.1:${process.env.PORT ?? 3000}/verify-email/`,
      // The page that asks for the new password and posts it with the link's query to reset-password.
      resetPasswordVerificationUrl: `http://127.0.0.1:${process.env.PORT ?? 3000}/reset-password/`,
      verificationFromEmail: 'no-reply@example.com',
      // Prints each e-mail; in an app of your own use mailTransport: 'smtp://...' instead.
      mailer: ConsoleMailer,
    }),
  ],
  controllers: [MeController],
})
export class AppModule {}
