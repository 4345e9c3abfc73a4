import { openTestPglite } from '../testing/test-databases.node.js';
import { describeBranchQueueContract } from './branch-queue-store.contract.js';

describeBranchQueueContract('pglite', openTestPglite);
