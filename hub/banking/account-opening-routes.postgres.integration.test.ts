// Account opening's routes on real PostgreSQL (see account-opening-routes.contract.ts): the
// concurrent opens there run on separate connections, so the claim and the bank's own key are
// what keep it to one account. Needs HUB_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { openTestPostgres } from '../testing/test-databases.node.js';
import { accountOpeningRouteContract } from './account-opening-routes.contract.js';

accountOpeningRouteContract('PostgreSQL', openTestPostgres);
