// Asks the host for a suggestion when a journey ends. Never in the customer's way: an error,
// an older host without recommendations, or an answer slower than OFFER_WAIT_MS means none.
import type { BridgeClient } from '../../../electron/bridge/client.js';
import type { Offer } from '../../../electron/bridge/recommendation-contract.js';
import type { RequestInput } from '../../../electron/bridge/contract.js';

export const OFFER_WAIT_MS = 4_000;

export async function askOffer(client: BridgeClient, request: RequestInput<'recommendation.offer'>, waitMs = OFFER_WAIT_MS): Promise<Offer | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    return await Promise.race([client.request('recommendation.offer', request).then(({ offer }) => offer), late]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
