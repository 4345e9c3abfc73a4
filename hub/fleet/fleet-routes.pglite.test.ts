// The fleet staff routes (roles, alert webhook) on one PGlite.
import { sharedTestDatabase } from '../testing/shared-test-database.js';
import { openTestPglite } from '../testing/test-databases.node.js';
import { describeFleetRoutesContract } from './fleet-routes.contract.js';

describeFleetRoutesContract('pglite', sharedTestDatabase(openTestPglite));
