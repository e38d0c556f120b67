import { describeIfPg } from '../../../support/db';
import { inboxCases } from '../cases/inbox.cases';

describeIfPg('inbox on PostgreSQL', () => inboxCases('pg'));
