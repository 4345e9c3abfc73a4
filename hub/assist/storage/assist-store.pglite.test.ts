import { openTestPglite } from '../../testing/test-databases.node.js';
import { describeAssistStoreContract } from './assist-store.contract.js';

describeAssistStoreContract('pglite', openTestPglite);
