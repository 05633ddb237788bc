/** Schema pieces shared by the config document and its checks. */
import { z } from 'zod';

import { durationPattern } from '../duration';

const DURATION = new RegExp(durationPattern());

export const duration = z
  .string()
  .regex(DURATION, { message: 'must be a duration like 250ms, 30s, 5m or 1h' })
  .describe('A duration: a number followed by ms, s, m, h or d; parts may be combined (1m30s).');
