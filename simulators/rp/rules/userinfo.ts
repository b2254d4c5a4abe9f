import { accept, type Rule } from './rule.ts';

/** OIDC Core 5.3.2: userinfo is about the ID token's subject, or none of it is used. */
export const USERINFO_SUB_RULE: Rule<Record<string, unknown>, { sub?: string }> = {
  name: 'userinfo-sub',
  // An ID token without sub is the sub rule's to refuse; there is nothing to compare with.
  check: (userinfo, x) =>
    x.sub === undefined || userinfo.sub === x.sub
      ? undefined
      : `userinfo sub ${JSON.stringify(userinfo.sub)} is not the ID token sub ${JSON.stringify(x.sub)}`,
  weakenedBy: { 'skip-userinfo-sub': accept },
  libraryEnforces: true,
};
