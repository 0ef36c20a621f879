import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Household } from '../../src/model/household.js';
import { adminApp, fullId, login } from '../admin/helpers.js';
import { HOUSEHOLD_HEADER, multipart } from '../admin/multipart.js';
import { readCollection } from '../fault/data-files.js';
import type { TestApp } from '../helpers/test-app.js';

// The attack from the probe (issue 15, item 2): a copy of the data dir plus the hash key recovered a full ID number
// in well under a second, because the mask kept the last 4 characters and the hashes were one HMAC each.
const ID = fullId('36088119600312415');
const NAME = '钱七';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** The probe's attack on one stored household: 31 guesses of the birth day for the last 6, then the region and birth month. */
function recoverId(h: Household, key: string): string | undefined {
  const last4 = h.idMasked.slice(-4);
  if (!/^[0-9X]{4}$/.test(last4)) return undefined;
  let last6: string | undefined;
  for (let day = 1; day <= 31 && !last6; day += 1) {
    const guess = `${String(day).padStart(2, '0')}${last4}`;
    if (hmac(key, `${h.headName}|${guess}`) === h.verifyHash) last6 = guess;
  }
  if (!last6) return undefined;
  for (let region = 0; region < 100; region += 1) {
    for (let year = 1930; year <= 2010; year += 1) {
      for (let month = 1; month <= 12; month += 1) {
        const id = `${h.idMasked.slice(0, 4)}${String(region).padStart(2, '0')}${year}${String(month).padStart(2, '0')}${last6}`;
        if (hmac(key, id) === h.idHash) return id;
      }
    }
  }
  return undefined;
}

describe('a copy of the data dir and the hash key', () => {
  it('no longer give away the ID number: the mask holds no tail, and a guess costs a scrypt, not an HMAC', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const row = `H1001,${NAME},${ID},13912340001,井冈山市,茅坪乡,神山村,一组,3,一般贫困户,红卡,因病,已脱贫,2018,李干部,13800001111`;
    const body = multipart(
      { _csrf: csrf, kind: 'households' },
      { name: 'file', filename: 'h.csv', content: `${HOUSEHOLD_HEADER}\n${row}` },
    );
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, 'x-csrf-token': csrf, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = (await readCollection<Household>(app.dataDir, 'households')).get('H1001') as Household;
    const key = app.config.ID_HASH_KEY as string;

    expect(recoverId(stored, key)).toBeUndefined();
    // Even an attacker who guessed right could not check the guess with one HMAC.
    expect(stored.verifyHash).not.toBe(hmac(key, `${NAME}|${ID.slice(-6)}`));
    expect(stored.idHash).not.toBe(hmac(key, ID));
    expect(stored.idMasked).toBe('3608**************');
  });
});
