import { describeIfPg } from '../../../support/db';
import { cliCases } from '../cases/cli.cases';

describeIfPg('handoff dlq and audit on PostgreSQL', () => cliCases('pg'));
