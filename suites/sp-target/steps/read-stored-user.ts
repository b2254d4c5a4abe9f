import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { JitProvisioning } from '../../../lib/target/types.ts';
import type { Accord } from '../../fixtures/index.ts';

type NameField = 'email' | 'firstName' | 'lastName';
const LABELS: Record<NameField, string> = { email: 'email', firstName: 'first name', lastName: 'last name' };

/**
 * What the SP's record page shows for each field the profile has a selector for; a field is
 * present but undefined when its selector matched nothing.
 */
export interface StoredUser {
  email?: string;
  firstName?: string;
  lastName?: string;
  groups?: string[];
}

const textOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .innerText({ timeout: 2000 })
    .then((t) => t.trim())
    .catch(() => undefined);

/** Every matching element is a group; a single one may list them, one per line or comma-separated. */
async function groupsOf(page: Page, selector: string): Promise<string[] | undefined> {
  const texts = (
    await page
      .locator(selector)
      .allInnerTexts()
      .catch(() => [])
  ).map((t) => t.trim());
  if (texts.length === 0) return undefined;
  const all = texts.length === 1 ? texts[0].split(/[,\n]/) : texts;
  return all.map((g) => g.trim()).filter((g) => g !== '');
}

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
    if (selector) stored[field] = await textOf(page, selector);
  }
  if (record.groups) stored.groups = await groupsOf(page, record.groups);
  return stored;
}

/** Each of email and names the record shows otherwise than `user` has it, in words. */
export function storedUserDifferences(stored: StoredUser, user: TestUser): string[] {
  const out: string[] = [];
  for (const field of ['email', 'firstName', 'lastName'] as const) {
    if (!(field in stored)) continue;
    const got = stored[field];
    if (got === undefined) out.push(`the record page shows no ${LABELS[field]}`);
    else if (got !== user[field])
      out.push(
        `the stored ${LABELS[field]} is ${JSON.stringify(got)}, asserted ${JSON.stringify(user[field])}`,
      );
  }
  return out;
}

/** How the stored groups differ from the expected ones, in words; undefined when they are the same set. */
export function groupDifference(
  stored: string[] | undefined,
  expected: readonly string[],
): string | undefined {
  if (stored === undefined) return 'the record page shows no groups';
  const missing = expected.filter((g) => !stored.includes(g));
  const extra = stored.filter((g) => !expected.includes(g));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [
    missing.length ? `lack ${missing.map((g) => JSON.stringify(g)).join(', ')}` : '',
    extra.length ? `also include ${extra.map((g) => JSON.stringify(g)).join(', ')}` : '',
  ].filter(Boolean);
  return `the stored groups ${parts.join(' and ')} (stored: ${JSON.stringify(stored)})`;
}
