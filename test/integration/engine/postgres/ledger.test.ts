import { describeIfPg } from '../../../support/db';
import { ledgerCases } from '../cases/ledger.cases';

describeIfPg('write ledger on PostgreSQL', () => ledgerCases('pg'));
