import {
  JSON_HEADERS,
  OURS_LOGIN_BODY,
  REFERENCE_LOGIN_BODY,
  oursAuthorization,
  referenceAuthorization,
} from '../http.js';
import { alternate, ratioRow, type BenchSettings, type ScenarioResult } from '../measure.js';
import { REFERENCE_BCRYPT_COST } from '../reference/reference-app.js';
import { loginRate } from './login.js';
import { getRate, warmUp } from './token-guard.js';

/** Scenario 8: our login and authenticated route beside the docs' passport-local + JWT + bcrypt app. */
export async function referenceApp(
  oursUrl: string,
  referenceUrl: string,
  settings: BenchSettings,
): Promise<ScenarioResult[]> {
  await warmUp(`${referenceUrl}/auth/login`, JSON_HEADERS, 'POST', REFERENCE_LOGIN_BODY);
  const login = await alternate(settings.runs, {
    ours: () => loginRate(oursUrl, '/accounts/login', OURS_LOGIN_BODY, 200, settings),
    baseline: () => loginRate(referenceUrl, '/auth/login', REFERENCE_LOGIN_BODY, 201, settings),
  });
  const ours = { authorization: await oursAuthorization(oursUrl) };
  const reference = { authorization: await referenceAuthorization(referenceUrl) };
  await warmUp(`${oursUrl}/me`, ours);
  await warmUp(`${referenceUrl}/profile`, reference);
  const route = await alternate(settings.runs, {
    ours: () => getRate(`${oursUrl}/me`, settings, ours),
    baseline: () => getRate(`${referenceUrl}/profile`, settings, reference),
  });
  return [
    ratioRow(
      {
        id: '8a',
        name: 'login: ours vs the docs recipe (passport-local + @nestjs/jwt + bcrypt)',
        unit: 'req/s',
        note: `ours: argon2id m=19456 t=2 p=1 + token row insert; reference: bcrypt cost ${REFERENCE_BCRYPT_COST} + JWT signing; different hash costs by design`,
      },
      { ours: login.ours, baseline: login.baseline },
      {},
    ),
    ratioRow(
      {
        id: '8b',
        name: "authenticated route: our token guard vs the recipe's JWT guard",
        unit: 'req/s',
        note: 'ours: a database lookup per request (revocable); reference: signature check only, no database',
      },
      { ours: route.ours, baseline: route.baseline },
      {},
    ),
  ];
}
