import { ASK_STAY_SIGNED_IN, STAY_SIGNED_IN } from '../../lib/admin/login-form.ts';
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
  /** The product asks for the user name alone first, and shows the password field after "Next". */
  identifierFirst?: boolean;
  /** The product asks "Stay signed in?" once the password is right (the form says so to the server). */
  askStaySignedIn?: boolean;
}

/**
 * Identifier-first, as the products that do it: the password and the submit button show once the
 * user name is given and Next is pressed. The server takes both fields in one POST either way.
 */
const IDENTIFIER_FIRST_SCRIPT = `<script>(()=>{const n=document.getElementById('nextButton');const u=document.getElementById('username');
const later=[...document.querySelectorAll('[data-after-next]')];later.forEach((e)=>{e.style.display='none';});
n.addEventListener('click',()=>{if(!u.reportValidity())return;n.style.display='none';later.forEach((e)=>{e.style.display='';});document.getElementById('password').focus();});})();</script>`;

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
${p.identifierFirst ? '<button type="button" id="nextButton">Next</button>' : ''}
<label data-after-next>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
${p.pendingKey ? `<input type="hidden" name="req" value="${escapeHtml(p.pendingKey)}">` : ''}
${p.askStaySignedIn ? `<input type="hidden" name="${ASK_STAY_SIGNED_IN}" value="1">` : ''}
<button type="submit" id="submitButton" data-after-next>Sign in</button>
</form>
${p.identifierFirst ? IDENTIFIER_FIRST_SCRIPT : ''}
${users ? `<h2>Test users</h2><table><thead><tr><th>User name</th><th>Password</th><th>Email</th></tr></thead><tbody>${users}</tbody></table>` : ''}`,
  );
}

/**
 * "Stay signed in?", asked after a right password (Entra ID does): either answer goes on with the
 * sign-in, as the session is already made. `hidden` carries what the answer's POST needs.
 */
export function staySignedInPage(p: {
  look: { title: string; heading: string };
  action: string;
  hidden: Record<string, string>;
}): string {
  const fields = Object.entries(p.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return page(
    p.look.title,
    `<h1>${escapeHtml(p.look.heading)}</h1>
<h2>Stay signed in?</h2>
<p>Do this to reduce the number of times you are asked to sign in.</p>
<form method="post" action="${escapeHtml(p.action)}" id="staySignedInForm">${fields}
<button type="submit" name="${STAY_SIGNED_IN}" value="no" id="staySignedInNo">No</button>
<button type="submit" name="${STAY_SIGNED_IN}" value="yes" id="staySignedInYes">Yes</button>
</form>`,
  );
}
