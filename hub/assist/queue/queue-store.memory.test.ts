import { FakeClock } from '../testing/fake-clock.js';
import { DEFAULT_PRIORITY_POLICY } from './priority.js';
import { describeQueueStoreContract } from './queue-store.contract.js';
import { MemoryQueueStore } from './queue-store.js';

// The contract's requests are dated 2026-12-03 09:00; the clock stands at that moment.
describeQueueStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryQueueStore(DEFAULT_PRIORITY_POLICY, new FakeClock(Date.UTC(2026, 11, 3, 9, 0, 0))), dispose: () => Promise.resolve() }),
);
