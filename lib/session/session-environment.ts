/** Name recorded on the session when the module's own authenticator logged the user in. */
export const DEFAULT_SESSION_BACKEND = 'registration';
