/** The access section of a markdown plan, formatted from what plan/plan-access.ts computed. */
import type { PlanAccess } from '../../plan/plan-access.js';
import type { ExtraSection } from '../plan/index.js';
import { renderAccessSection } from './render-access-section.js';

export function planAccessSection(access: PlanAccess): ExtraSection {
  const body = renderAccessSection(access).replace(/^### Access\n\n/, '');
  return { title: 'Access', body };
}
