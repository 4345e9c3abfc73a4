// What the host answers to the customer's "Yes" or "No" (electron/bridge/recommendation-contract.ts).
import type { z } from 'zod';
import type { recommendationRequests } from '../../../electron/bridge/recommendation-contract.js';

export type RespondOutput = z.infer<(typeof recommendationRequests)['recommendation.respond']['output']>;
