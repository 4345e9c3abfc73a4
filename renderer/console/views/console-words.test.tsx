// @vitest-environment jsdom
// What an expert reads in the call's context and quality panels: words in the console's
// language, never the kiosk's ids (issue 12, item 14: "queue-ticket/choose-service",
// "locale en", "Path host → host").
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../../protocol/assist-values.js';
import { ConsoleProvider } from '../ConsoleContext.js';
import type { ConsoleController } from '../controller/console-controller.js';
import { createConsoleI18n, type ConsoleLocale } from '../i18n/console-i18n.js';
import type { CallView } from '../state/call-state.js';
import type { ConsoleState } from '../state/console-store.js';
import { ContextPanel } from './call/ContextPanel.js';
import { QualityPanel } from './call/QualityPanel.js';

afterEach(cleanup);

const request: QueueEntry = { requestId: 'r1', kioskId: 'K01', language: 'en', topic: 'other', priorityClass: 'standard', journeyStep: 'queue-ticket/choose-service', waitedSec: 3 };
// The panels read only these parts of the call and of the console state.
const call = {
  request,
  journey: { v: 1, type: 'journey.state', journeyStep: 'queue-ticket/ticket', stepIndex: 1, stepCount: 2, screen: 'queue.ticket', fields: { ticket: 'A2001', print: 'printed', locale: 'en', 'large-text': 'on' } },
} as unknown as CallView;
const quality = { sample: { rttMs: 12, jitterMs: 1, packetLossPct: 0 }, localCandidateType: 'host', remoteCandidateType: 'host', counters: {} };

function renderPanels(locale: ConsoleLocale): string {
  const state = { locale, quality } as unknown as ConsoleState;
  const controller = { store: { subscribe: () => () => undefined, getSnapshot: () => state } } as unknown as ConsoleController;
  const { container } = render(
    <ConsoleProvider controller={controller} i18n={createConsoleI18n()}>
      <ContextPanel call={call} />
      <QualityPanel />
    </ConsoleProvider>,
  );
  return container.textContent ?? '';
}

describe('console context and quality panels', () => {
  it('say where the customer is and how media flows in words (en)', () => {
    const text = renderPanels('en');
    expect(text).toContain('Asked for help at: Queue ticket: choosing a service');
    expect(text).toContain('Queue ticket: ticket issued');
    expect(text).toContain('LanguageEnglish');
    expect(text).toContain('Large textOn');
    expect(text).toContain('Ticket printingPrinted');
    expect(text).toContain('Ticket numberA2001');
    expect(text).toContain('Direct (local network)');
    expect(text).not.toMatch(/queue-ticket\/|locale|large-text|host →|queue\.ticket/);
  });

  it('and in Chinese', () => {
    const text = renderPanels('zh-CN');
    expect(text).toContain('求助时所在步骤：排队取号：选择业务');
    expect(text).toContain('语言英文');
    expect(text).toContain('大字开');
    expect(text).toContain('直连（局域网）');
    expect(text).not.toMatch(/queue-ticket\/|locale|large-text|host →/);
  });
});
