import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { JitProvisioning } from '../../../lib/target/types.ts';
import type { Accord } from '../../fixtures/index.ts';

type Field = 'email' | 'firstName' | 'lastName';
const LABELS: Record<Field, string> = { email: 'email', firstName: 'first name', lastName: 'last name' };

/** What the SP's record page shows for each field the profile has a selector for (undefined: not found). */
export type StoredUser = Partial<Record<Field, string | undefined>>;

/** Reads the signed-in user's stored record from the profile's page, in the signed-in browser. */
export async function readStoredUser(
  page: Page,
  accord: Accord,
  record: JitProvisioning['record'],
): Promise<StoredUser> {
  if (record.url) await page.goto(accord.fill(record.url));
  const stored: StoredUser = {};
  for (const field of ['email', 'firstName', 'lastName'] as const) {
    const selector = record[field];
    if (!selector) continue;
    stored[field] = await page
      .locator(selector)
      .first()
      .innerText({ timeout: 2000 })
      .then((t) => t.trim())
      .catch(() => undefined);
  }
  return stored;
}

/** Each field the record shows otherwise than `user` has it, in words. */
export function storedUserDifferences(stored: StoredUser, user: TestUser): string[] {
  const out: string[] = [];
  for (const field of Object.keys(stored) as Field[]) {
    const want = user[field];
    const got = stored[field];
    if (got === undefined) out.push(`the record page shows no ${LABELS[field]}`);
    else if (got !== want)
      out.push(`the stored ${LABELS[field]} is ${JSON.stringify(got)}, asserted ${JSON.stringify(want)}`);
  }
  return out;
}
