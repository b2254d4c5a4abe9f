/**
 * What one AuthnRequest rule concludes. It carries no check id: each judge (the IdP simulator, the
 * suite) names its checks itself, so the catalog's ids stay written where they are recorded.
 */
export interface RuleVerdict {
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}
