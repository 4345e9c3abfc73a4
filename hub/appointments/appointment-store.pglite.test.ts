import { openTestPglite } from '../testing/test-databases.node.js';
import { describeAppointmentContract } from './appointment-store.contract.js';

describeAppointmentContract('pglite', openTestPglite);
