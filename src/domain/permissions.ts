// What an API client may do. A client backend that only signs people in gets
// `logins` (the default); reading, registering and erasing profiles are granted one
// by one, because each hands the client other people's data or removes it.

export const PERMISSIONS = ['logins', 'profiles:read', 'profiles:write', 'profiles:erase'] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const DEFAULT_PERMISSIONS: readonly Permission[] = ['logins'];

export const PERMISSION_MEANINGS: Record<Permission, string> = {
  logins: 'start logins and drive them to completion (each client sees only its own)',
  'profiles:read': 'read a profile and its links',
  'profiles:write': 'register a profile, remove a provider link',
  'profiles:erase': 'erase a profile on request',
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** A comma-separated list of permissions, in catalogue order; throws naming an unknown one. */
export function parsePermissions(text: string): Permission[] {
  const given = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const unknown = given.filter((p) => !isPermission(p));
  if (unknown.length > 0) throw new Error(`unknown permission ${unknown.join(', ')}; known: ${PERMISSIONS.join(', ')}`);
  if (given.length === 0) throw new Error(`no permission given; known: ${PERMISSIONS.join(', ')}`);
  return PERMISSIONS.filter((p) => given.includes(p));
}
