// The fleet staff routes (roles, alert webhook) on the PostgreSQL at HUB_TEST_DATABASE_URL,
// in a schema of their own (dropped afterwards).
import { sharedTestDatabase } from '../testing/shared-test-database.js';
import { openTestPostgres } from '../testing/test-databases.node.js';
import { describeFleetRoutesContract } from './fleet-routes.contract.js';

describeFleetRoutesContract('postgres', sharedTestDatabase(openTestPostgres));
