import type { Page } from '@playwright/test';

/** Posts a form from a blank page, the way a browser carries an HTTP-POST binding message. */
export async function postForm(
  page: Page,
  action: string,
  fields: Record<string, string | undefined>,
): Promise<void> {
  await page.setContent('<form method="post"></form>');
  await page.evaluate(
    ({ action, fields }) => {
      const form = document.forms[0];
      form.action = action;
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
      }
      form.submit();
    },
    { action, fields },
  );
}
