// Sends one signed webhook body. The signature covers the timestamp and the exact bytes sent,
// so a receiver can refuse a forged or replayed body: HMAC-SHA256(secret, "<t>.<body>").
import { createHmac } from 'node:crypto';
import { WEBHOOK_HEADERS } from '../../protocol/fleet-alerts.js';

export function signWebhook(secret: string, timestampSec: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex')}`;
}

/** `status`: the receiver's HTTP status, when it answered at all. */
export type WebhookOutcome = { ok: true; status?: number } | { ok: false; error: string; status?: number };

export type PostWebhook = (delivery: { deliveryId: string; body: string }, nowMs: number) => Promise<WebhookOutcome>;

export function webhookPoster(url: string, secret: string, timeoutMs: number): PostWebhook {
  return async ({ deliveryId, body }, nowMs) => {
    const timestamp = Math.floor(nowMs / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
          [WEBHOOK_HEADERS.delivery]: deliveryId,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true, status: response.status } : { ok: false, error: `HTTP ${response.status}`, status: response.status };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
}
