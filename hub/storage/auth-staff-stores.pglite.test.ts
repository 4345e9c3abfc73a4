// One PGlite for both suites: an instance costs seconds and half a gigabyte.
import { openTestPglite } from '../testing/test-databases.node.js';
import { sharedTestDatabase } from '../testing/shared-test-database.js';
import { describeAuthStoreContract } from './auth-store.contract.js';
import { describeStaffStoreContract } from './staff-store.contract.js';

const shared = sharedTestDatabase(openTestPglite);
describeAuthStoreContract('pglite', shared);
describeStaffStoreContract('pglite', shared);
