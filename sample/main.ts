import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PasswordHasher } from 'nestjs-rest-registration';
import { addRegistrationToDocument } from 'nestjs-rest-registration/swagger';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { DEMO_PASSWORD, seedDemoUsers } from './seed.js';

mkdirSync('sample/.data', { recursive: true });
const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
const openApi = new DocumentBuilder().setTitle('nestjs-rest-registration sample').build();
const routes = 'all';
SwaggerModule.setup('docs', app, () =>
  addRegistrationToDocument(SwaggerModule.createDocument(app, openApi), { routes }),
);
const port = Number(process.env.PORT ?? 3000);
await app.listen(port, '127.0.0.1');

const created = await seedDemoUsers(app.get(DataSource), app.get(PasswordHasher));
const url = `http://127.0.0.1:${port}`;
console.log(`
Sample app listening on ${url} (OpenAPI: ${url}/docs)
Demo users${created.length ? ' (created now)' : ''}, all with password "${DEMO_PASSWORD}":
  alice  active
  bob    inactive (login is refused)
  carol  active, email carol@example.com (log in with either)

Try it:
  curl -s -X POST ${url}/accounts/login -H 'Content-Type: application/json' -d '{"login":"alice","password":"${DEMO_PASSWORD}"}'
  TOKEN=$(curl -s -X POST ${url}/accounts/login -H 'Content-Type: application/json' -d '{"login":"alice","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')
  curl -s ${url}/me -H "Authorization: Token $TOKEN"
  curl -s -X POST ${url}/accounts/logout -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' -d '{"revoke_token": true}'
  curl -s ${url}/me -H "Authorization: Token $TOKEN"     # now 401 {"detail":"Invalid token."}

Register, verify with the printed link, log in:
  curl -s -X POST ${url}/accounts/register -H 'Content-Type: application/json' -d '{"username":"dave","email":"dave@example.com","password":"Vq7#long-pass-1","password_confirm":"Vq7#long-pass-1"}'
  # the e-mail is printed here, with its "Verify it:" command: run that one, then
  curl -s -X POST ${url}/accounts/login -H 'Content-Type: application/json' -d '{"login":"dave","password":"Vq7#long-pass-1"}'

Your profile (log in again first: the token above was revoked):
  curl -s ${url}/accounts/profile -H "Authorization: Token $TOKEN"
  curl -s -X PATCH ${url}/accounts/profile -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' -d '{"username":"alice","email":"x@example.com"}'
  # {"id":1,"username":"alice","email":null}: the e-mail (and the key, the password, isActive) are never changed here

Change carol's e-mail address (the link goes to the new address; run its "Verify it:" command):
  TOKEN=$(curl -s -X POST ${url}/accounts/login -H 'Content-Type: application/json' -d '{"login":"carol","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')
  curl -s -X POST ${url}/accounts/register-email -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' -d '{"email":"carol.new@example.com"}'

Change alice's password with a token (that token keeps working, her other tokens end), then change it back:
  TOKEN=$(curl -s -X POST ${url}/accounts/login -H 'Content-Type: application/json' -d '{"login":"alice","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')
  curl -s -X POST ${url}/accounts/change-password -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' -d '{"old_password":"${DEMO_PASSWORD}","password":"Kp3%changed-pass","password_confirm":"Kp3%changed-pass"}'
  curl -s ${url}/me -H "Authorization: Token $TOKEN"
  curl -s -X POST ${url}/accounts/change-password -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' -d '{"old_password":"Kp3%changed-pass","password":"${DEMO_PASSWORD}","password_confirm":"${DEMO_PASSWORD}"}'

Reset carol's password with the printed link:
  curl -s -X POST ${url}/accounts/send-reset-password-link -H 'Content-Type: application/json' -d '{"login":"carol"}'
  # the e-mail is printed here, with its "Reset with it:" command (new password Ny5$new-pass-1): run that one, then
  curl -s -X POST ${url}/accounts/login -H 'Content-Type: application/json' -d '{"login":"carol","password":"Ny5$new-pass-1"}'
`);
