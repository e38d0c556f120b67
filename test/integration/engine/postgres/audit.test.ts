import { describeIfPg } from '../../../support/db';
import { auditCases } from '../cases/audit.cases';

describeIfPg('audit chain on PostgreSQL', () => auditCases('pg'));
