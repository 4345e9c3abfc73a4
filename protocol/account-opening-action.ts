// Apart from account-opening.ts (which re-exports it), so that the kiosk page can name the
// action without loading the application's schemas at start-up (cold start).

/** The remote authorization's action for an application. */
export const ACCOUNT_OPEN_ACTION = 'account.open';
