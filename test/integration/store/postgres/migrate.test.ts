import { describeIfPg } from '../../../support/db';
import { migrateCases } from '../cases/migrate.cases';

describeIfPg('migrate on PostgreSQL', () => migrateCases('pg'));
