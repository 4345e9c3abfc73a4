import { openTestPglite } from '../../testing/test-databases.node.js';
import { DEFAULT_PRIORITY_POLICY } from '../queue/priority.js';
import { describeQueueStoreContract } from '../queue/queue-store.contract.js';
import { createSqlQueueStore } from './queue-rows.js';

describeQueueStoreContract('pglite', async () => {
  const { db, dispose } = await openTestPglite();
  return { store: await createSqlQueueStore(db, DEFAULT_PRIORITY_POLICY), dispose };
});
