import type { Locator, Page } from '@playwright/test';
import type { EchoPage } from '../../../lib/target/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { type EchoedIdentity, parseEcho } from '../checks/echo-matches-assertion.ts';
import { type EchoRow, identityFromRows, rowsFromLines, rowsFromRegex } from '../checks/echo-shapes.ts';

/** Reads the profile's echo page in the signed-in browser: its own URL, or the page the login ended on. */
export async function readEcho(page: Page, accord: Accord, echo: EchoPage): Promise<EchoedIdentity> {
  if (echo.url) await page.goto(accord.fill(echo.url));
  return readEchoElement(page, echo, `${accord.profile.name} echo`);
}

/** The echo element of the page as it stands, read in the profile's format. */
export async function readEchoElement(page: Page, echo: EchoPage, name: string): Promise<EchoedIdentity> {
  const where = `${name} ${echo.selector} at ${page.url()}`;
  const el = page.locator(echo.selector).first();
  if ((await el.count()) === 0) throw new Error(`${where}: no element matches the selector`);
  switch (echo.format) {
    case 'json':
      return parseEcho((await el.textContent()) ?? '', where);
    case 'table':
      return identityFromRows(await rowsOfTable(el, where), echo);
    case 'lines':
      return identityFromRows(rowsFromLines(await el.innerText(), echo.delimiter), echo);
    case 'regex':
      return identityFromRows(rowsFromRegex(await el.innerText(), echo.pattern ?? ''), echo);
  }
}

/**
 * An HTML table (a row's first cell the name, the next its value; list items in that cell are
 * values each) or a definition list (dt the name, each dd after it a value). Read in the page,
 * where the browser has already mended whatever markup the server sent.
 */
async function rowsOfTable(el: Locator, where: string): Promise<EchoRow[]> {
  // No named helpers inside: the function is sent to the page as source, without its module.
  const rows = await el.evaluate((root): EchoRow[] => {
    const out: EchoRow[] = [];
    for (const tr of Array.from(root.querySelectorAll('tr'))) {
      const cells = Array.from(tr.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
      if (cells.length < 2) continue;
      const items = Array.from(cells[1].querySelectorAll('li'));
      out.push({
        name: (cells[0] as HTMLElement).innerText.trim(),
        values: (items.length > 0 ? items : [cells[1]]).map((n) => (n as HTMLElement).innerText.trim()),
      });
    }
    let dt: EchoRow | undefined;
    for (const child of Array.from(root.querySelectorAll('dt, dd'))) {
      const shown = (child as HTMLElement).innerText.trim();
      if (child.tagName === 'DT') {
        dt = { name: shown, values: [] };
        out.push(dt);
      } else dt?.values.push(shown);
    }
    return out.filter((r) => r.name !== '');
  });
  if (rows.length === 0)
    throw new Error(`${where}: no table row with two cells and no dt/dd pair in the element`);
  return rows;
}
