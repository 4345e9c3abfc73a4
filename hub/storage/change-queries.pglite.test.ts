import { openTestPglite } from '../testing/test-databases.node.js';
import { describeChangeLogContract } from './change-queries.contract.js';

describeChangeLogContract('pglite', openTestPglite);
