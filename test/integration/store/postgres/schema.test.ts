import { describeIfPg } from '../../../support/db';
import { schemaCases } from '../cases/schema.cases';

describeIfPg('0001_initial schema on PostgreSQL', () => schemaCases('pg'));
