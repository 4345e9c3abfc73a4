// What a customer and an expert do in a call, as Playwright actions, without assertions so
// the help-to-frame benchmark uses the very same steps as the call tests.
import type { Page } from 'playwright-core';

/** Attract → language → home, as a customer does. */
export async function toHome(kiosk: Page, language: 'en' | 'zh' = 'en'): Promise<void> {
  await kiosk.getByTestId('attract').click();
  await kiosk.getByTestId(`language-${language}`).click();
  await kiosk.getByTestId('help-button').waitFor();
}

/** Help, until the kiosk shows it is waiting (or already in the call). */
export async function pressHelp(kiosk: Page): Promise<void> {
  await kiosk.getByTestId('help-button').click();
  await kiosk.getByTestId('assist-waiting').or(kiosk.getByTestId('assist-call')).first().waitFor();
}

/** The expert takes the request from kiosk `kioskId`; resolves with the call's session id. */
export async function acceptCall(console: Page, kioskId: string): Promise<string> {
  const row = console.locator(`[data-testid="queue-item"]`, { hasText: kioskId });
  await row.getByTestId('queue-accept').click();
  const view = console.getByTestId('call-view');
  await view.waitFor();
  const sessionId = await view.getAttribute('data-session-id');
  if (!sessionId) throw new Error('call view without a session id');
  return sessionId;
}

/** The expert's wrap-up after the call: outcome and notes, then back to the queue. */
export async function wrapUp(console: Page, outcome: string, notes: string): Promise<void> {
  await console.getByTestId('wrapup-view').waitFor();
  await console.getByTestId(`wrapup-outcome-${outcome}`).check();
  await console.getByTestId('wrapup-notes').fill(notes);
  await console.getByTestId('wrapup-submit').click();
  await console.getByTestId('queue-view').waitFor();
}
