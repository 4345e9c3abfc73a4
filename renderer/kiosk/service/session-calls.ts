// Service requests go through one wrapper: a refused session (expired, ended elsewhere)
// sends the page back to the customer screens instead of leaving a dead console.
import { errorCodeOf } from '../../i18n/error-messages.js';

export type Guard = <T>(work: () => Promise<T>) => Promise<T>;

export function sessionGuard(onLost: () => void): Guard {
  return async (work) => {
    try {
      return await work();
    } catch (err) {
      if (errorCodeOf(err) === 'UNAUTHORIZED') onLost();
      throw err;
    }
  };
}
