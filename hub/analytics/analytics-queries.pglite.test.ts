// One in-memory PGlite for the whole suite (opening one costs seconds).
import { openTestPglite } from '../testing/test-databases.node.js';
import { describeAnalyticsQueries } from './analytics-queries.contract.js';

describeAnalyticsQueries('pglite', openTestPglite);
