// Needs the PostgreSQL at HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { openTestPostgres } from '../testing/test-databases.node.js';
import { sharedTestDatabase } from '../testing/shared-test-database.js';
import { describeAuthStoreContract } from './auth-store.contract.js';
import { describeStaffStoreContract } from './staff-store.contract.js';

const shared = sharedTestDatabase(openTestPostgres);
describeAuthStoreContract('postgres', shared);
describeStaffStoreContract('postgres', shared);
