export { PhaseColumn } from './PhaseColumn';
export { LinkParentForm } from './LinkParentForm';
export { UnlinkedChip } from './UnlinkedChip';
