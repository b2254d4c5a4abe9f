import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { BUILT_IN_IDP, CONFIG_SCHEMA, type RoutingRule, RULE_SCHEMA } from '../../../lib/routing/rules.ts';
import { compileSchema, dataIssues } from '../../../lib/scenario/schema-issues.ts';
import type { SpContext } from '../context.ts';
import { oidcIdps } from '../oidc/oidc-idps.ts';
import { IDENTITY_USERS_SCHEMA, type IdentityUserInput, identityUsers } from './identity-users.ts';
import type { RuleInput, RulePatch } from './org-routing.ts';
import { RoutingError } from './routing-error.ts';

const PATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    type: RULE_SCHEMA.properties.type,
    values: { ...RULE_SCHEMA.properties.values, minItems: 1 },
    idp: RULE_SCHEMA.properties.idp,
    priority: RULE_SCHEMA.properties.priority,
    active: RULE_SCHEMA.properties.active,
  },
};

const validators = {
  config: compileSchema(CONFIG_SCHEMA),
  identityUsers: compileSchema(IDENTITY_USERS_SCHEMA),
  rule: compileSchema(RULE_SCHEMA),
  patch: compileSchema(PATCH_SCHEMA),
};

function read<T>(which: keyof typeof validators, what: string, body: unknown): T {
  const issues = dataIssues(validators[which], body);
  if (issues.length > 0)
    throw new RoutingError(
      400,
      'body',
      `${what}: ${issues.map((i) => (i.jsonPath === '' ? 'the body must be a JSON object' : `${i.jsonPath}: ${i.message}`)).join('; ')}`,
    );
  return body as T;
}

/**
 * The routing admin API, in JSON under /__accord/routing:
 *   GET    /idps                  the organisation's IdPs (trusted SAML IdPs by entityID, the built-in one)
 *   GET    /                      { rules }
 *   PUT    /         { rules }    replaces every rule (exactly one default, unique priorities, known IdPs)
 *   POST   /rules    rule         adds a rule
 *   PATCH  /rules/:name  changes  activates, deactivates, reorders, re-routes a rule
 *   DELETE /rules/:name           deletes a rule (never the Default rule)
 *   GET    /identity-users        the built-in identity IdP's users (no passwords)
 *   PUT    /identity-users  { users }  replaces them: [{ email, password, firstName, lastName, displayName, groups }]
 * and refuses DELETE /__accord/peers and /__accord/oidc-idps/:name for an IdP that rules still route to.
 */
/** Every IdP the organisation holds, of every kind, by the id rules name it with. */
export function organisationIdps(ctx: SpContext): Array<{ id: string; kind: 'saml' | 'oidc' | 'identity' }> {
  return [
    ...ctx.peers.list().map((p) => ({ id: p.entityId, kind: 'saml' as const })),
    ...oidcIdps(ctx)
      .list()
      .map((i) => ({ id: i.name, kind: 'oidc' as const })),
    { id: BUILT_IN_IDP, kind: 'identity' as const },
  ];
}

export function mountRoutingAdmin(app: Express, ctx: SpContext): void {
  const r = express.Router();
  const handle =
    (fn: (req: Request, res: Response) => void | Promise<void>) =>
    (req: Request, res: Response, next: NextFunction): void => {
      const fail = (e: unknown) => {
        if (!(e instanceof RoutingError)) return next(e);
        res.status(e.status).json({ error: e.message, code: e.code });
      };
      try {
        fn(req, res)?.catch(fail);
      } catch (e) {
        fail(e);
      }
    };
  r.get(
    '/idps',
    handle((_req, res) => {
      res.json(organisationIdps(ctx));
    }),
  );
  r.get(
    '/',
    handle((_req, res) => {
      res.json({ rules: ctx.routing.rules() });
    }),
  );
  r.put(
    '/',
    handle((req, res) => {
      const body = read<{ rules: RuleInput[] }>('config', 'routing rules', req.body);
      res.json({ rules: ctx.routing.replace(body.rules) });
    }),
  );
  r.post(
    '/rules',
    handle((req, res) => {
      res.status(201).json(ctx.routing.add(read<RuleInput>('rule', 'routing rule', req.body)));
    }),
  );
  r.patch(
    '/rules/:name',
    handle((req, res) => {
      const patch = read<RulePatch>('patch', 'rule change', req.body);
      res.json(ctx.routing.update(String(req.params.name), patch) satisfies RoutingRule);
    }),
  );
  r.delete(
    '/rules/:name',
    handle((req, res) => {
      ctx.routing.delete(String(req.params.name));
      res.status(204).end();
    }),
  );
  r.get(
    '/identity-users',
    handle((_req, res) => {
      res.json({ users: identityUsers(ctx).list() });
    }),
  );
  r.put(
    '/identity-users',
    handle(async (req, res) => {
      const body = read<{ users: IdentityUserInput[] }>('identityUsers', 'identity IdP users', req.body);
      const seen = body.users.map((u) => u.email.toLowerCase());
      const twice = seen.findIndex((e, i) => seen.indexOf(e) !== i);
      if (twice >= 0)
        throw new RoutingError(
          400,
          'users',
          `/users/${twice}/email: ${body.users[twice].email} is listed twice`,
        );
      await identityUsers(ctx).replace(body.users);
      res.json({ users: identityUsers(ctx).list() });
    }),
  );
  app.use('/__accord/routing', r);
  // Seed: "first deactivate or delete the IdP's routing rules before deleting the IdP", whatever
  // its kind: a SAML IdP by entityID, an OpenID Connect IdP by name.
  const keepRouted = (idp: unknown, res: Response, next: NextFunction) => {
    const rules = typeof idp === 'string' ? ctx.routing.rulesFor(idp) : [];
    if (rules.length === 0) return next();
    res.status(409).json({
      error: `rules still route to ${idp} (${rules.map((x) => `"${x.name}"`).join(', ')}): delete them, or route them elsewhere, before deleting the IdP`,
      code: 'idp-has-rules',
    });
  };
  app.delete('/__accord/peers', (req, res, next) => keepRouted(req.query.entityId, res, next));
  app.delete('/__accord/oidc-idps/:name', (req, res, next) => keepRouted(req.params.name, res, next));
}
