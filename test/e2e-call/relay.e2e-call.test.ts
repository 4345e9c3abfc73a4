// The same call forced through a real TURN server: coturn on 127.0.0.1 in REST-API secret
// mode, the hub issuing short-lived credentials from the shared secret (its TURN config),
// and the expert console restricted to relay candidates (`?ice=relay`). The selected
// candidate pair proves the media path: relay on the console's side, and the kiosk's peer
// is the console's relayed address.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurnServer, type TestTurnServer } from '../../hub/assist/testing/turnserver.node.js';
import { acceptCall, expectVideoFlowing, pressHelp, toHome, wrapUp } from './support/call-steps.js';
import { SCREENSHOTS, startCallStack, type CallStack } from './support/call-stack.js';
import { mediaFigures, probeSummary } from './support/rtc-probe.js';

let turn: TestTurnServer;
let stack: CallStack;
let kiosk: Page;
let console_: Page;

beforeAll(async () => {
  const secret = randomBytes(24).toString('hex');
  turn = await startTurnServer(secret);
  stack = await startCallStack({ kioskId: 'K73', hubConfig: { turn: { urls: [turn.url], secret, ttlSec: 3600 } } });
  const expert = await stack.hub.createStaff('expert', 'Sun Expert');
  console_ = await stack.openConsole(expert, 'lang=en&ice=relay');
  await console_.getByTestId('availability-toggle').click();
  await console_.locator('[data-testid="expert-state"]', { hasText: 'Available' }).waitFor();
  kiosk = await stack.openKiosk();
});
afterAll(async () => {
  await stack?.close();
  await turn?.stop();
});

describe('a call through coturn', () => {
  it('relays the media: both sides decode video and the selected pair is relay', async () => {
    await toHome(kiosk, 'zh');
    await pressHelp(kiosk);
    await console_.locator('[data-testid="queue-item"]', { hasText: 'K73' }).waitFor();
    await acceptCall(console_, 'K73');
    await kiosk.getByTestId('assist-call').waitFor();
    await expectVideoFlowing(kiosk, 'remote-video');
    await expectVideoFlowing(console_, 'console-remote-video');

    // The console asked for relay only, with TURN credentials the hub minted for this call.
    const [config] = (await probeSummary(console_)).configs;
    expect(config?.iceTransportPolicy).toBe('relay');
    const turnServer = config?.iceServers?.find((s) => [s.urls].flat().some((u) => u.startsWith('turn:')));
    expect(turnServer?.urls).toEqual([turn.url]);
    expect(turnServer?.username).toMatch(/^\d+:/);

    const expertPath = await mediaFigures(console_);
    expect(expertPath.localCandidateType).toBe('relay');
    const kioskPath = await mediaFigures(kiosk);
    expect(kioskPath.remoteCandidateType).toBe('relay');
    // Both ends of the relay leg are coturn's relay address: 127.0.0.1, in its relay port range.
    expect(kioskPath.remoteAddress).toBe(expertPath.localAddress);
    const [relayIp, relayPort] = (expertPath.localAddress ?? '').split(':');
    expect(relayIp).toBe('127.0.0.1');
    expect(Number(relayPort)).toBeGreaterThanOrEqual(50_000);
    console.info(`relay proof: console local ${expertPath.localCandidateType} ${expertPath.localAddress} → kiosk sees remote ${kioskPath.remoteCandidateType} ${kioskPath.remoteAddress} (coturn ${turn.url})`);
    await expect.poll(() => console_.getByTestId('quality-path').innerText()).toContain('Through the relay server');
    await kiosk.screenshot({ path: path.join(SCREENSHOTS, 'call-kiosk-in-call-relay-zh-CN.png') });
    // The console in Chinese, mid-call: the switch is immediate and the call carries on.
    await console_.getByTestId('console-language').click();
    await expect.poll(() => console_.locator('#call-title').innerText()).toBe('与终端 K73 通话中');
    await expect.poll(() => console_.getByTestId('media-state').innerText()).toContain('音视频已连接');
    await console_.screenshot({ path: path.join(SCREENSHOTS, 'call-console-in-call-relay-zh-CN.png') });

    await console_.getByTestId('console-end').click();
    await kiosk.getByTestId('assist-rating').waitFor();
    await wrapUp(console_, 'resolved', 'Relay test call.');
  });
});
