/*
 * The sign-in form the IdP and OP simulators show, as the suites and the harness fill it on a
 * simulator playing the counterpart (a target's form comes from its profile instead).
 */

/** Hidden field by which the page's own form asks the server to show "Stay signed in?". */
export const ASK_STAY_SIGNED_IN = 'askStaySignedIn';
/** The field carrying the answer to "Stay signed in?". */
export const STAY_SIGNED_IN = 'staySignedIn';
