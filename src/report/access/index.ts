/** Pure renderers of access: the plan's access section and one subject's reach (for `explain`). */
export { renderAccessSection, type AccessSectionInput } from './render-access-section.js';
export { renderMatrix } from './render-matrix.js';
export { renderReach, type ReachFormat } from './render-reach.js';
