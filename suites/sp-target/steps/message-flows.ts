import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, type Page, test } from '@playwright/test';
import type { ResponsePlan, TestUser } from '../../../lib/admin/protocol.ts';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import { counterpartUser } from '../../fixtures/counterpart-user.ts';
import type { Accord } from '../../fixtures/index.ts';
import { openLoginStart } from '../../fixtures/open-login-start.ts';
import type { AcsOutcome } from '../../fixtures/success-detector.ts';
import { judgeSignedIn } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { judgeSignedInPage, unsolicitedRelayState } from '../idp-initiated/unsolicited-landing.ts';
import { idpSession, type StorageState } from './idp-session.ts';
import { acsUrlOf } from './sp-login.ts';

/** How a Response reaches the target: answering its AuthnRequest, or unsolicited from the IdP. */
export type Via = 'sp-initiated' | 'unsolicited';

export interface Delivery {
  flowId: string;
  via: Via;
  outcome?: AcsOutcome;
  /** The flow broke before the browser reached the ACS (the IdP could not build the message, a timeout). */
  error?: string;
  /** The shared page the flow ran in, as it left it; valid until the next flow starts. */
  context?: BrowserContext;
  page?: Page;
}

const users = new Map<string, Promise<TestUser[]>>();

/** Why attacks that could go unsolicited went SP-initiated on a target that declares IdP-initiated SSO. */
export const FALLBACK_NOTE =
  'a genuine unsolicited Response did not sign the user in (see SP-IDPI-01), so attacks that need no AuthnRequest were delivered SP-initiated instead; declare login.unsolicited (relayState, signedIn) if the IdP-initiated login lands on a page that does not show the user';
/** Per project: whether a genuine unsolicited Response signs the user in (asked once per worker). */
const unsolicitedWorks = new Map<string, Promise<boolean>>();

/**
 * Runs a series of browser flows against the target, one per message, each with a flow id of its own (so its trace and verdict stand
 * alone) and a cookie jar holding nothing but the IdP session, so the IdP answers at once and no
 * login form is typed, and whatever a flow left at the target is gone before the next one starts.
 * The flows share one page: a browser context costs a renderer process each time. The IdP session
 * is made over HTTP, once per test, and never shared with another test (a logout there would end it).
 */
export class MessageFlows {
  private shared?: Promise<{ context: BrowserContext; page: Page }>;
  /** Whether unsolicited delivery works on this target; SP-initiated carries the attacks if not. */
  private unsolicited = false;
  /** How many deliveries went SP-initiated though they could have gone unsolicited: see `fellBackSince`. */
  private fallbacks = 0;
  /** Outcomes read on the profile's signed-in page (login.unsolicited.signedIn), judged by its text. */
  private readonly onSignedInPage = new WeakSet<AcsOutcome>();

  private constructor(
    readonly accord: Accord,
    private readonly browser: Browser,
    private readonly idpState: StorageState,
    /** Who signs in at the IdP: the identity of every genuine Response. */
    readonly genuine: TestUser,
    /** Another user of the scenario: the identity forged messages claim. */
    readonly forged: TestUser,
  ) {}

  static async open(accord: Accord, browser: Browser): Promise<MessageFlows> {
    const url = accord.counterpart.baseUrl;
    if (!users.has(url)) users.set(url, accord.counterpart.testUsers());
    const all = await users.get(url)!;
    const genuine = await counterpartUser(accord);
    const forged = all.find((u) => u.username !== genuine.username);
    if (!forged) throw new Error('the IdP simulator offers a single test user; attacks need a second one');
    const session = new MessageFlows(accord, browser, await idpSession(accord, genuine), genuine, forged);
    session.unsolicited = await session.unsolicitedWorks();
    if (accord.profile.capabilities.idpInitiated && !session.unsolicited) {
      // Said where a vendor reads it: these attacks were not tried the way the profile declares.
      test.info().annotations.push({
        type: 'accord.note',
        description: FALLBACK_NOTE,
      });
    }
    return session;
  }

  /**
   * Attacks that need no request go unsolicited, the shorter flow, when the target declares
   * IdP-initiated SSO. A target that declares it but refuses a genuine unsolicited Response would
   * make every such refusal meaningless (SP-IDPI-01 reports that); its attacks go SP-initiated.
   */
  private unsolicitedWorks(): Promise<boolean> {
    const caps = this.accord.profile.capabilities;
    if (!caps.idpInitiated) return Promise.resolve(false);
    if (!this.spInitiatedDeclared()) return Promise.resolve(true);
    const key = this.accord.runtime.name;
    let probe = unsolicitedWorks.get(key);
    if (!probe) {
      probe = this.deliver({}, { via: 'unsolicited' }).then(
        (d) => !!d.outcome && this.judge(d.outcome, this.genuine).signedIn,
      );
      unsolicitedWorks.set(key, probe);
    }
    return probe;
  }

  private spInitiatedDeclared(): boolean {
    const caps = this.accord.profile.capabilities;
    const binding = caps.bindings[0];
    return caps.spInitiated && !!binding && !!this.accord.profile.login?.start[binding];
  }

  /** Runs `fn` with a session whose shared page is closed afterwards, whatever happens. */
  static async run<T>(accord: Accord, browser: Browser, fn: (s: MessageFlows) => Promise<T>): Promise<T> {
    const session = await MessageFlows.open(accord, browser);
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  }

  get acsUrl(): string {
    return acsUrlOf(this.accord);
  }

  /** How a message can ride on what the target declares; undefined when it cannot. */
  via(needsRequest = false): Via | undefined {
    if (!needsRequest && this.unsolicited) return 'unsolicited';
    if (!this.spInitiatedDeclared()) return undefined;
    if (!needsRequest && this.accord.profile.capabilities.idpInitiated) this.fallbacks++;
    return 'sp-initiated';
  }

  /** A mark to pass to `fellBackSince` once the deliveries of one check are chosen. */
  get fallbackMark(): number {
    return this.fallbacks;
  }

  /**
   * FALLBACK_NOTE when a delivery chosen since `mark` went SP-initiated though the profile declares
   * IdP-initiated SSO: the check was not tried the way the profile says, and its report must say so.
   */
  fellBackSince(mark: number): string | undefined {
    return this.fallbacks > mark ? FALLBACK_NOTE : undefined;
  }

  /** Closes the page the flows share. */
  async close(): Promise<void> {
    const shared = await this.shared?.catch(() => undefined);
    this.shared = undefined;
    await shared?.context.close();
  }

  /**
   * Starts a flow: the shared page, its cookies reset to the IdP session, tagged with a new flow
   * id. It stays as the flow leaves it (signed in at the target, say) until the next one starts.
   */
  async nextFlow(): Promise<{ context: BrowserContext; page: Page; flowId: string }> {
    this.shared ??= this.browser.newContext({ storageState: this.idpState }).then(async (context) => ({
      context,
      page: await context.newPage(),
    }));
    const { context, page } = await this.shared;
    await context.clearCookies();
    await context.addCookies(this.idpState.cookies);
    return { context, page, flowId: await this.accord.tag(context) };
  }

  startUrl(via: Via, relayState?: string): string {
    const accord = this.accord;
    if (via === 'unsolicited') {
      const q = new URLSearchParams({ sp: accord.runtime.targetEntityId });
      const rs = relayState ?? unsolicitedRelayState(accord);
      if (rs) q.set('RelayState', rs);
      return `${accord.runtime.counterpart.url}/__accord/idp-initiated?${q}`;
    }
    const login = accord.profile.login!;
    const binding = accord.profile.capabilities.bindings[0];
    const rs =
      relayState ??
      (login.relayState
        ? accord.fill(login.relayState, { token: `accord${randomBytes(6).toString('hex')}` })
        : '');
    return accord.fill(login.start[binding]!, { relay_state: encodeURIComponent(rs) });
  }

  /**
   * Sends `page` to the start of a `via` login: the IdP simulator's unsolicited Response, or the
   * target's login.start (its startForm filled for the genuine user).
   */
  openStart(page: Page, via: Via, relayState?: string): Promise<unknown> {
    const url = this.startUrl(via, relayState);
    return via === 'unsolicited' ? page.goto(url) : openLoginStart(page, this.accord, url, this.genuine);
  }

  /**
   * A new flow in which the IdP simulator answers with a Response shaped by `plan` (a genuine one
   * for an empty plan), through the browser to the target's ACS; the outcome is where the browser
   * ended up. The delivery's page holds the flow's state until the next flow starts.
   */
  deliver(plan: ResponsePlan, o: { via: Via; relayState?: string }): Promise<Delivery> {
    const what =
      Object.keys(plan).length > 0
        ? `a shaped Response (${Object.keys(plan).join(', ')})`
        : 'a genuine Response';
    return test.step(`deliver ${what}, ${o.via}`, () => this.deliverInFlow(plan, o));
  }

  private async deliverInFlow(plan: ResponsePlan, o: { via: Via; relayState?: string }): Promise<Delivery> {
    const { context, page, flowId } = await this.nextFlow();
    const d: Delivery = { flowId, via: o.via, context, page };
    try {
      if (Object.keys(plan).length > 0) await this.accord.counterpart.planFlow(flowId, plan);
      d.outcome = await awaitAcs(page, this.acsUrl, () => this.openStart(page, o.via, o.relayState), 10_000);
      if (o.via === 'unsolicited') {
        const landed = await judgeSignedInPage(page, this.accord, d.outcome, this.genuine);
        if (landed) {
          d.outcome = landed.outcome;
          this.onSignedInPage.add(landed.outcome);
        }
      }
    } catch (e) {
      d.error = (e as Error).message.split('\n')[0];
    }
    return d;
  }

  /** A clean sign-in of the genuine user, the proof that the target works. */
  async control(via: Via): Promise<{ ok: boolean; detail: string; flowId: string }> {
    return test.step(`control: a clean ${via} login`, async () => {
      const d = await this.deliver({}, { via });
      if (!d.outcome)
        return { ok: false, detail: `a clean ${via} login broke: ${d.error}`, flowId: d.flowId };
      const v = this.judge(d.outcome, this.genuine);
      return {
        ok: v.signedIn,
        detail: v.signedIn ? `a clean ${via} login signed in (flow ${d.flowId})` : v.reason,
        flowId: d.flowId,
      };
    });
  }

  /** The profile's success detector, for one user; its signed-in page's text for an outcome read there. */
  judge(outcome: AcsOutcome, user: TestUser) {
    const signedIn = this.accord.profile.login?.unsolicited?.signedIn;
    const detector =
      signedIn && this.onSignedInPage.has(outcome)
        ? { text: signedIn.text }
        : this.accord.profile.login!.success;
    return judgeSignedIn(outcome, detector, (s, enc) => this.accord.fill(s, userVars(user), enc));
  }

  /** Which of the genuine and forged users the outcome shows signed in. */
  signedInAs(outcome: AcsOutcome | undefined): TestUser[] {
    if (!outcome) return [];
    return [this.genuine, this.forged].filter((u) => this.judge(outcome, u).signedIn);
  }
}
