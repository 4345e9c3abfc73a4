import { openTestPglite } from '../testing/test-databases.node.js';
import { describeHubStoreContract } from './hub-store.contract.js';

describeHubStoreContract('pglite', openTestPglite);
