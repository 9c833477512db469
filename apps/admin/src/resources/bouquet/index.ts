import LocalActivityIcon from '@mui/icons-material/LocalActivity';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import type { ResourceProps } from 'react-admin';
import { AllocationEdit, AllocationList } from './AllocationViews';
import { ServiceCreate, ServiceEdit, ServiceList } from './ServiceViews';

/**
 * `<Resource name="services" {...services} />` and `<Resource name="service-allocations" {...serviceAllocations} />`:
 * the « bouquet de services spécifique émergence » of a campaign (seed 001) and its follow-up per lauréat.
 */
export const services = {
  list: ServiceList,
  create: ServiceCreate,
  edit: ServiceEdit,
  icon: LocalActivityIcon,
  options: { label: 'Bouquet de services' },
  recordRepresentation: (r: { title: string }) => r.title,
} satisfies Omit<ResourceProps, 'name'>;

export const serviceAllocations = {
  list: AllocationList,
  edit: AllocationEdit,
  icon: AssignmentTurnedInIcon,
  options: { label: 'Suivi des services' },
} satisfies Omit<ResourceProps, 'name'>;
