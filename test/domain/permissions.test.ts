import t from 'tap';
import { DEFAULT_PERMISSIONS, isPermission, parsePermissions, PERMISSIONS } from '../../src/domain/permissions.js';

t.test('parsePermissions reads a comma-separated list in catalogue order', async (t) => {
  t.same(parsePermissions('logins'), ['logins']);
  t.same(parsePermissions(' profiles:erase , logins,profiles:read '), ['logins', 'profiles:read', 'profiles:erase']);
  t.same(parsePermissions('logins,logins'), ['logins'], 'duplicates collapse');
  t.same(parsePermissions(PERMISSIONS.join(',')), [...PERMISSIONS]);
  t.throws(() => parsePermissions('logins,admin'), { message: /unknown permission admin; known: logins, profiles:read/ });
  t.throws(() => parsePermissions('Logins'), { message: /unknown permission Logins/ }, 'names are exact');
  t.throws(() => parsePermissions(' , '), { message: /no permission given/ });
});

t.test('the default is logins only', async (t) => {
  t.same(DEFAULT_PERMISSIONS, ['logins']);
  t.ok(isPermission('profiles:write'));
  t.notOk(isPermission('profiles:*'));
});
