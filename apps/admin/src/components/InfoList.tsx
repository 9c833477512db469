import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

export interface InfoItem {
  label: string;
  value: ReactNode;
}

const isEmpty = (v: ReactNode) => v === null || v === undefined || v === '' || v === false;

/** Label / value pairs as a description list (`<dl>`): readable by screen readers, two columns on wide screens. */
export const InfoList = ({ items, labelWidth = 260 }: { items: InfoItem[]; labelWidth?: number }) => (
  <Box
    component="dl"
    sx={{
      display: 'grid',
      gridTemplateColumns: { xs: '1fr', md: `${labelWidth}px minmax(0, 1fr)` },
      columnGap: 3,
      rowGap: { xs: 0.25, md: 1.25 },
      m: 0,
      p: 0,
    }}
  >
    {items.map((item) => (
      <Box key={item.label} sx={{ display: 'contents' }}>
        <Typography component="dt" variant="body2" sx={{ fontWeight: 700, color: 'text.secondary', mt: { xs: 1, md: 0 } }}>
          {item.label}
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
          {isEmpty(item.value) ? <span style={{ fontStyle: 'italic' }}>Non renseigné</span> : item.value}
        </Typography>
      </Box>
    ))}
  </Box>
);

/** A titled block of a detail page (heading level given, for a correct outline). */
export const Section = ({ title, level = 2, children, id }: { title: string; level?: 2 | 3; children: ReactNode; id?: string }) => (
  <Box component="section" aria-labelledby={id} sx={{ mb: 3 }}>
    <Typography id={id} variant={level === 2 ? 'h6' : 'subtitle1'} component={level === 2 ? 'h2' : 'h3'} sx={{ mb: 1.5, fontWeight: 700 }}>
      {title}
    </Typography>
    {children}
  </Box>
);
