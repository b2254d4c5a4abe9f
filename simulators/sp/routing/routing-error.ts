/** A routing change the organisation refuses; `status` is the HTTP answer (400 bad input, 404, 409 conflict). */
export class RoutingError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}
