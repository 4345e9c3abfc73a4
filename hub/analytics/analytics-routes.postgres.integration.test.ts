// Needs the PostgreSQL at HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { openTestPostgres } from '../testing/test-databases.node.js';
import { describeAnalyticsRoutes } from './analytics-routes.contract.js';

describeAnalyticsRoutes('postgres', openTestPostgres);
