import type { LabScenarioId } from '../../../shared/drills/lab-scenarios';
import type { LabDefinition } from '../lab-types';
import { crashLab } from './crash-and-rollback/crash-lab';
import { databaseLab } from './database-outage/database-lab';
import { dosLab } from './denial-of-service/dos-lab';
import { securityLab } from './security-breach/security-lab';

/** The bundled labs, one per drillable scenario. */
export const LAB_DEFINITIONS: Partial<Record<LabScenarioId, LabDefinition>> = {
  'crash-and-rollback': crashLab,
  'database-outage': databaseLab,
  'security-breach': securityLab,
  'denial-of-service': dosLab,
};
