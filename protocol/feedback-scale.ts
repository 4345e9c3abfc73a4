// The customer-feedback question's fixed scale: scores, reasons and limits. Free of zod, so
// that the kiosk page can draw the survey without loading the feedback schemas at start-up
// (cold start); customer-feedback.ts builds its schemas on these and re-exports them.

export const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export const FEEDBACK_REASONS = ['waiting-time', 'staff', 'ease-of-use', 'device-problem', 'fees', 'other'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

export const FEEDBACK_COMMENT_MAX = 300;

/** A score at or below this opens a follow-up case at the hub. */
export const FOLLOW_UP_MAX_SCORE = 6;
