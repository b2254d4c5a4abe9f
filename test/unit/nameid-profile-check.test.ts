import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NAME_ID_FORMAT_URNS } from '../../lib/scenario/types.ts';
import { judgeNameIdAgainstProfile } from '../../suites/idp-target/checks/nameid-profile-check.ts';

const user = { username: 'ingrid', password: 'x', email: 'ingrid@idp.test', firstName: 'Ingrid' };

test('IDP-NAMEID-PROFILE passes the declared Format and value, and says what it compared', () => {
  const v = judgeNameIdAgainstProfile(
    { format: 'emailAddress' },
    { value: 'ingrid@idp.test', format: NAME_ID_FORMAT_URNS.emailAddress },
    user,
  );
  assert.deepEqual(v, {
    ok: true,
    detail: `Format ${NAME_ID_FORMAT_URNS.emailAddress}, value = the user's email (ingrid@idp.test)`,
  });
  const transient = judgeNameIdAgainstProfile(
    { format: 'transient' },
    { value: '_abc', format: NAME_ID_FORMAT_URNS.transient },
    user,
  );
  assert.equal(transient.ok, true);
});

test('IDP-NAMEID-PROFILE fails another Format, another value, an empty transient', () => {
  const format = judgeNameIdAgainstProfile(
    { format: 'emailAddress' },
    { value: 'ingrid@idp.test', format: NAME_ID_FORMAT_URNS.unspecified },
    user,
  );
  assert.equal(format.ok, false);
  assert.match(format.detail, /^Format .*unspecified, the profile declares .*emailAddress$/);
  const value = judgeNameIdAgainstProfile(
    { format: 'unspecified', from: 'username' },
    { value: 'ingrid@idp.test', format: NAME_ID_FORMAT_URNS.unspecified },
    user,
  );
  assert.deepEqual(value, { ok: false, detail: `value "ingrid@idp.test", the user's username is "ingrid"` });
  const empty = judgeNameIdAgainstProfile(
    { format: 'transient' },
    { value: ' ', format: NAME_ID_FORMAT_URNS.transient },
    user,
  );
  assert.deepEqual(empty, { ok: false, detail: 'the NameID is empty' });
});

test('IDP-NAMEID-PROFILE says so when it cannot compare the value', () => {
  const v = judgeNameIdAgainstProfile(
    { format: 'persistent' },
    { value: 'b7c1', format: NAME_ID_FORMAT_URNS.persistent },
    user,
  );
  assert.equal(v.ok, true);
  assert.match(v.detail, /value "b7c1" not compared: the profile's users carry no objectId/);
  const noLast = judgeNameIdAgainstProfile(
    { format: 'unspecified', from: 'lastName' },
    { value: 'H', format: NAME_ID_FORMAT_URNS.unspecified },
    user,
  );
  assert.match(noLast.detail, /not compared: the profile's user ingrid has no lastName/);
});
