// Queue processors of the domain areas (notifications, imports, reminders) register here.
export const WORKER_MODULES = [];
