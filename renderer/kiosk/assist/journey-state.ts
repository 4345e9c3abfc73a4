// What the expert sees of the customer's screen, and what the hub is told when Help is
// pressed. Derived from the session, never from the DOM, and masked before it leaves the
// page: any run of 7+ digits (spaces and dashes between them allowed, as people type card
// numbers) keeps only its last 4 — the data channel is end to end, but consoles get
// screenshotted.
import type { z } from 'zod';
import type { journeyStateSchema } from '../../../protocol/call-messages.js';
import type { Topic } from '../../../protocol/assist-signaling.js';
import type { RequestInput } from '../../../electron/bridge/contract.js';
import { accountStepOf } from '../accounts/account-steps.js';
import { openingStepOf } from '../account-opening/opening-steps.js';
import { billStepOf } from '../bill/bill-steps.js';
import { replacementStepOf } from '../card-replacement/replacement-steps.js';
import type { Phase } from '../session/journey.js';
import type { SessionState } from '../session/session.js';

export type JourneyStateMessage = z.infer<typeof journeyStateSchema>;

const LONG_NUMBER = /\d(?:[ -]?\d){6,}/g;

export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return '•'.repeat(digits.length - 4) + digits.slice(-4);
  });
}

interface Step {
  journeyStep: string;
  stepIndex: number;
  stepCount: number;
  fields: Record<string, string>;
}

function stepOf(phase: Phase): Step {
  const single = (journeyStep: string): Step => ({ journeyStep, stepIndex: 0, stepCount: 1, fields: {} });
  switch (phase.name) {
    case 'attract':
    case 'language':
    case 'home':
      return single(phase.name);
    case 'queue.choose':
      return { journeyStep: 'queue-ticket/choose-service', stepIndex: 0, stepCount: 2, fields: {} };
    case 'queue.issuing':
      return { journeyStep: 'queue-ticket/printing', stepIndex: 1, stepCount: 2, fields: { service: phase.service.id } };
    case 'queue.issueFailed':
      return { journeyStep: 'queue-ticket/failed', stepIndex: 1, stepCount: 2, fields: { service: phase.service.id, error: phase.code } };
    case 'queue.ticket':
      return {
        journeyStep: 'queue-ticket/ticket',
        stepIndex: 1,
        stepCount: 2,
        fields: { service: phase.service.id, ticket: phase.ticket.number, print: phase.print.kind, ...(phase.print.kind === 'failed' ? { 'print-error': phase.print.code } : {}) },
      };
    case 'appointment.book':
      // The chosen time and phone number stay off the expert's screen: only the step.
      return { journeyStep: 'appointment/book', stepIndex: 0, stepCount: 1, fields: {} };
    case 'appointment.checkIn':
      return { journeyStep: 'appointment/check-in', stepIndex: 0, stepCount: 1, fields: {} };
    case 'feedback':
      // The score and comment are the customer's opinion of the visit, not the expert's business.
      return single('feedback');
    case 'recommendation':
      return single('recommendation');
    case 'bill': {
      // Only the step: amounts, references and card numbers stay off the expert's screen.
      const step = billStepOf(phase.status.state.phase);
      return { journeyStep: `bill-payment/${step.id}`, stepIndex: step.current - 1, stepCount: step.total, fields: {} };
    }
    case 'accounts': {
      // Only the step: balances, entries and account numbers stay off the expert's screen.
      const step = accountStepOf(phase.status.state.phase);
      return { journeyStep: `account-services/${step.id}`, stepIndex: step.current - 1, stepCount: step.total, fields: {} };
    }
    case 'accountOpening': {
      // Only the step: the ID fields, photos and answers reach the expert in the application, not here.
      const step = openingStepOf(phase.status.state.phase);
      return { journeyStep: `account-opening/${step.id}`, stepIndex: step.current - 1, stepCount: step.total, fields: {} };
    }
    case 'cardReplacement': {
      // Only the step (a dispenser fault is its own): card numbers and the fee stay off the expert's screen.
      const step = replacementStepOf(phase.status.state);
      return { journeyStep: `card-replacement/${step.id}`, stepIndex: step.current - 1, stepCount: step.total, fields: {} };
    }
  }
}

export function journeyStateOf(session: SessionState): JourneyStateMessage {
  const { journeyStep, stepIndex, stepCount, fields } = stepOf(session.phase);
  const all: Record<string, string> = { ...fields, locale: session.locale, 'large-text': session.elder ? 'on' : 'off' };
  const masked = Object.fromEntries(Object.entries(all).map(([key, value]) => [key, maskNumbers(value).slice(0, 120)]));
  // The data channel names screens in lower case (accountOpening → account-opening): a phase name
  // sent as it is was refused by the channel's schema, and the expert saw no journey at all.
  const screen = session.phase.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return { v: 1, type: 'journey.state', journeyStep, stepIndex, stepCount, screen, fields: masked };
}

/**
 * The hub routes by topic (accounts, cards, loans, payments). The queue ticket is none of
 * them; bill payment is payments, balances and statements are accounts, card replacement is
 * cards; account opening maps here as it arrives.
 */
function topicOf(phase: Phase): Topic {
  if (phase.name === 'bill') return 'payments';
  if (phase.name === 'cardReplacement') return 'cards';
  return phase.name === 'accounts' || phase.name === 'accountOpening' ? 'accounts' : 'other';
}

export function helpRequestFor(session: SessionState): RequestInput<'assist.requestHelp'> {
  const { phase } = session;
  const vip = (phase.name === 'queue.issuing' || phase.name === 'queue.issueFailed' || phase.name === 'queue.ticket') && phase.service.vip;
  // Someone who asked for priority service at the counter is served first on video too.
  const priority = (phase.name === 'queue.issuing' || phase.name === 'queue.issueFailed') ? phase.priority : phase.name === 'queue.ticket' && phase.ticket.priority === true;
  return { topic: topicOf(phase), flags: { vip, elderly: session.elder || priority }, journeyStep: stepOf(phase).journeyStep, locale: session.locale };
}
