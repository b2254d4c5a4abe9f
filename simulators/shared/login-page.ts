import type { ScenarioUser } from '../../lib/scenario/types.ts';
import { escapeHtml, page } from './pages.ts';

export interface LoginPageInput {
  /** The product's login page title and heading (lib/scenario/vendors). */
  look: { title: string; heading: string };
  scenarioTitle: string;
  action: string;
  pendingKey?: string;
  /** Shown above the form: who asked for the login (an SP entityID, an RP client id). */
  requester?: string;
  username?: string;
  error?: string;
  users: ScenarioUser[];
}

/** A plain sign-in form (#username, #password, submit) that lists the scenario's test users. */
export function loginPage(p: LoginPageInput): string {
  const users = p.users
    .map(
      (u) =>
        `<tr><td><code>${escapeHtml(u.username)}</code></td><td><code>${escapeHtml(u.password)}</code></td><td>${escapeHtml(u.email)}</td></tr>`,
    )
    .join('');
  return page(
    p.look.title,
    `<h1>${escapeHtml(p.look.heading)}</h1>
<p>${escapeHtml(p.scenarioTitle)}</p>
${p.requester ? `<p>Signing in to <code>${escapeHtml(p.requester)}</code></p>` : ''}
${p.error ? `<div class="error" id="login-error" role="alert">${escapeHtml(p.error)}</div>` : ''}
<form method="post" action="${escapeHtml(p.action)}" id="loginForm">
<label>User name <input id="username" name="username" autocomplete="username" value="${escapeHtml(p.username ?? '')}" required></label>
<label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
${p.pendingKey ? `<input type="hidden" name="req" value="${escapeHtml(p.pendingKey)}">` : ''}
<button type="submit" id="submitButton">Sign in</button>
</form>
${users ? `<h2>Test users</h2><table><thead><tr><th>User name</th><th>Password</th><th>Email</th></tr></thead><tbody>${users}</tbody></table>` : ''}`,
  );
}
