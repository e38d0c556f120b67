import { describeIfPg } from '../../../support/db';
import { dispatchCases } from '../cases/dispatch.cases';

describeIfPg('dispatcher on PostgreSQL', () => dispatchCases('pg'));
