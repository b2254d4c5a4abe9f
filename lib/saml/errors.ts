/**
 * A message a peer sent that cannot be processed; `code` is stable so simulators can map it to
 * a 4xx page and suites can assert on it.
 */
export class SamlInputError extends Error {
  constructor(
    readonly code:
      | 'missing-parameter'
      | 'bad-base64'
      | 'bad-deflate'
      | 'too-large'
      | 'too-complex'
      | 'doctype-forbidden'
      | 'not-xml'
      | 'wrong-root'
      | 'bad-signature'
      | 'wrong-binding'
      | 'cannot-decrypt',
    message: string,
  ) {
    super(message);
    this.name = 'SamlInputError';
  }
}
