import { Route } from 'react-router-dom';
import HowToVoteIcon from '@mui/icons-material/HowToVote';
import type { ResourceProps } from 'react-admin';
import { SelectionBoard } from './SelectionBoard';
import { SelectionIndex } from './SelectionIndex';

/**
 * `<Resource name="selection" {...selection} />` — « Sélection »: the campaigns (`#/selection`) and each phase's
 * board (`#/selection/:campaignId/:phase`), for the cabinet, instructeurs and admins (src/access.ts; the API checks).
 */
const selection = {
  list: SelectionIndex,
  icon: HowToVoteIcon,
  options: { label: 'Sélection' },
  children: <Route path=":campaignId/:phase" element={<SelectionBoard />} />,
} satisfies Omit<ResourceProps, 'name'>;

export default selection;
