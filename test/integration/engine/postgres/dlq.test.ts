import { describeIfPg } from '../../../support/db';
import { dlqCases } from '../cases/dlq.cases';

describeIfPg('dead-letter queue on PostgreSQL', () => dlqCases('pg'));
