// Schemas of the profile API.

import { Type, type Static } from '@sinclair/typebox';

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Gender = Type.Union([Type.Literal('male'), Type.Literal('female')]);
const BirthDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const ProfileIdParams = Type.Object({ id: Type.String({ pattern: UUID }) }, { additionalProperties: false });
export const ProfileLinkParams = Type.Object(
  { id: Type.String({ pattern: UUID }), provider: Type.String({ minLength: 1, maxLength: 500, description: 'The provider’s issuer URL (URL-encoded).' }) },
  { additionalProperties: false },
);

export const NewProfileBody = Type.Object(
  {
    family_name: Name,
    given_name: Name,
    middle_name: Type.Optional(Type.Union([Name, Type.Null()])),
    birthdate: BirthDate,
    gender: Gender,
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 32, description: 'Any common format; stored as E.164.' }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  },
  {
    additionalProperties: false,
    description: 'At least one of phone and e-mail. Neither is unique: a child’s profile may carry a parent’s phone.',
    examples: [
      { family_name: 'Кузнецова', given_name: 'Дарья', middle_name: 'Алексеевна', birthdate: '2011-08-19', gender: 'female', phone: '+7 999 000-11-09' },
    ],
  },
);
export type NewProfileBody = Static<typeof NewProfileBody>;

export const ProfileSchema = Type.Object(
  {
    id: Type.String({ pattern: UUID }),
    family_name: Type.String(),
    given_name: Type.String(),
    middle_name: Type.Union([Type.String(), Type.Null()]),
    birthdate: BirthDate,
    gender: Gender,
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    links: Type.Array(
      Type.Object(
        {
          provider: Type.String(),
          linked_at: Type.String({ format: 'date-time' }),
          last_login_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'Profile', title: 'Profile', description: 'An educational profile and its provider links.', additionalProperties: false },
);
export const ProfileRef = Type.Ref(ProfileSchema);
