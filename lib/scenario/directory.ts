import type { Faker } from '@faker-js/faker';
// The English build alone: the package's index loads every locale, a tenth of a second per process.
import { faker as english } from '@faker-js/faker/locale/en';
import type { ScenarioUser } from './types.ts';

export interface DirectoryOptions {
  seed: number;
  count: number;
  domain: string;
  password: string;
  groups?: readonly string[];
}

/** Usernames and emails already taken (by explicit users); compared case-insensitively. */
export interface Reserved {
  usernames?: Iterable<string>;
  emails?: Iterable<string>;
  employeeIds?: Iterable<string>;
}

/**
 * Generates `count` users. The same options always give the same users: the generator owns its
 * Faker instances, seeded once, and draws the same values in the same order for every user.
 */
export function generateDirectory(options: DirectoryOptions, reserved: Reserved = {}): ScenarioUser[] {
  const faker = seeded(options.seed);
  // Addresses draw from a Faker of their own, so that the other values of a seed's users (which
  // scenarios and reports refer to) stay the same whether addresses are drawn or not.
  const places = seeded(options.seed);
  const domain = options.domain.toLowerCase();
  const pool = options.groups ?? [];
  const usernames = lowerSet(reserved.usernames);
  const emails = lowerSet(reserved.emails);
  const employeeIds = new Set(reserved.employeeIds ?? []);

  const users: ScenarioUser[] = [];
  for (let i = 0; i < options.count; i++) {
    const sex = faker.person.sexType();
    const firstName = faker.person.firstName(sex);
    const lastName = faker.person.lastName(sex);
    const objectId = faker.string.uuid();
    const department = faker.commerce.department();
    const jobTitle = faker.person.jobTitle();
    const phone = faker.phone.number({ style: 'international' });
    // The English locale's addresses are in the United States.
    const address = {
      streetAddress: places.location.streetAddress(),
      locality: places.location.city(),
      region: places.location.state({ abbreviated: true }),
      postalCode: places.location.zipCode(),
      country: 'US',
    };
    let employeeId = faker.string.numeric({ length: 6, allowLeadingZeros: false });
    while (employeeIds.has(employeeId))
      employeeId = faker.string.numeric({ length: 6, allowLeadingZeros: false });
    const groups =
      pool.length > 0
        ? faker.helpers.arrayElements([...pool], { min: 0, max: Math.min(2, pool.length) })
        : [];

    const stem = `${slug(firstName) || 'user'}.${slug(lastName) || String(i + 1)}`;
    let username = stem;
    for (let n = 2; usernames.has(username) || emails.has(`${username}@${domain}`); n++)
      username = `${stem}${n}`;
    const email = `${username}@${domain}`;
    usernames.add(username);
    emails.add(email);
    employeeIds.add(employeeId);

    users.push({
      username,
      password: options.password,
      email,
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      upn: email,
      objectId,
      groups,
      department,
      jobTitle,
      phone,
      address,
      employeeId,
      uid: username,
    });
  }
  return users;
}

function seeded(seed: number): Faker {
  const faker = new (english.constructor as typeof Faker)({ locale: english.rawDefinitions });
  faker.seed(seed);
  return faker;
}

/** ASCII lower-case letters and digits only: "O'Keefe" → "okeefe", "Zoë" → "zoe". */
function slug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function lowerSet(values: Iterable<string> | undefined): Set<string> {
  return new Set([...(values ?? [])].map((v) => v.toLowerCase()));
}
