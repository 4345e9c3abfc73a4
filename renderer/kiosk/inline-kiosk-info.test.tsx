// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskI18n } from '../i18n/i18n.js';
import { createFakeHost, fakeInfo } from '../testing/fake-host.js';
import { resetDocument } from '../testing/render-kiosk.js';
import { KioskApp } from './KioskApp.js';
import { readInlineKioskInfo } from './inline-kiosk-info.js';

afterEach(() => {
  cleanup();
  resetDocument();
});

const docWith = (text: string | null) => ({ getElementById: (id: string) => (id === 'kiosk-info' && text !== null ? ({ textContent: text } as HTMLElement) : null) });

describe('kiosk.info inlined in the page', () => {
  it('is read when every field is there and of its kind', () => {
    expect(readInlineKioskInfo(docWith(JSON.stringify(fakeInfo)))).toEqual(fakeInfo);
  });

  it('anything else means asking the bridge', () => {
    for (const text of [null, '', 'not json', 'null', '[]', JSON.stringify({ ...fakeInfo, defaultLocale: 'fr' }), JSON.stringify({ ...fakeInfo, idleTimeoutMs: -1 }), JSON.stringify({ ...fakeInfo, branchName: { en: 'x' } })]) {
      expect(readInlineKioskInfo(docWith(text))).toBeNull();
    }
  });

  it('paints the attract screen without a kiosk.info round trip', async () => {
    const host = createFakeHost({ 'kiosk.info': () => new Promise(() => undefined) });
    render(<KioskApp connection={{ kind: 'connected', via: 'ws', client: host.client }} i18n={createKioskI18n()} initialInfo={fakeInfo} />);
    expect(await screen.findByTestId('attract')).toBeTruthy();
    expect(host.callsTo('kiosk.info')).toEqual([]);
  });

  it('without it, the page still asks and waits', async () => {
    const host = createFakeHost({ 'kiosk.info': () => new Promise(() => undefined) });
    render(<KioskApp connection={{ kind: 'connected', via: 'ws', client: host.client }} i18n={createKioskI18n()} />);
    expect(await screen.findByTestId('starting')).toBeTruthy();
    expect(screen.queryByTestId('attract')).toBeNull();
    expect(host.callsTo('kiosk.info')).toHaveLength(1);
  });
});
