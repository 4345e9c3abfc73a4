// One in-memory PGlite for the whole suite (opening one costs seconds).
import { openTestPglite } from '../testing/test-databases.node.js';
import { describeAnalyticsRoutes } from './analytics-routes.contract.js';

describeAnalyticsRoutes('pglite', openTestPglite);
