import { describeIfPg } from '../../../support/db';
import { dbCases } from '../cases/db.cases';

describeIfPg('Db on PostgreSQL', () => dbCases('pg'));
