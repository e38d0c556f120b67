import { describeIfPg } from '../../../support/db';
import { applyCases } from '../cases/apply.cases';

describeIfPg('applyPlan on PostgreSQL', () => applyCases('pg'));
