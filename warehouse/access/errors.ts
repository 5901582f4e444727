// Errors of the authorization layer, with the HTTP status each maps to.
export class AccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const authRequired = () =>
  new AccessError(401, 'LOGIN_REQUIRED', 'Accesso richiesto: effettua il login. / Login required.');
export const forbidden = (message = 'Non autorizzato per questi dati. / Not allowed for this data.') =>
  new AccessError(403, 'FORBIDDEN', message);
export const badRequest = (message: string) => new AccessError(400, 'BAD_REQUEST', message);
