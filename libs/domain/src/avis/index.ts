export * from './avis-grid';
export * from './avis-content';
export * from './avis-synthesis';
export * from './assignment';
