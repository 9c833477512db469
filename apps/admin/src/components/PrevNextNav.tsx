import { Button, Stack, Typography } from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { useNavigate } from 'react-router-dom';
import { LinkBase, RecordContextProvider, usePrevNextController, type RaRecord } from 'react-admin';
import { useShortcut } from './useShortcut';

/**
 * « Dossier précédent / suivant » within the list's current filter and sort (react-admin keeps them in its store),
 * with the keyboard shortcuts p, s and l (back to the list), documented in the "?" overlay.
 */
export const PrevNextNav = (props: Props) =>
  props.record ? (
    <RecordContextProvider value={props.record}>
      <PrevNext {...props} />
    </RecordContextProvider>
  ) : null;

interface Props {
  resource: string;
  record: RaRecord | undefined;
  linkType: 'show' | 'edit';
  noun: string;
  listPath: string;
  feminine?: boolean;
  /** The list's default sort (used when the list was never opened in this session). */
  sort: { field: string; order: 'ASC' | 'DESC' };
  /** The list's store key when it has its own (react-admin's `storeKey`), and its permanent filter. */
  storeKey?: string;
  filter?: Record<string, unknown>;
}

const PrevNext = ({ resource, linkType, noun, listPath, feminine = false, sort, storeKey, filter }: Props) => {
  const navigate = useNavigate();
  // the API serves at most 500 rows a page: past that, the buttons stop at the 500th
  const { hasPrev, hasNext, prevPath, nextPath, index, total, isPending } = usePrevNextController({
    resource,
    linkType,
    limit: 500,
    sort,
    storeKey,
    filter,
  });
  useShortcut('s', () => nextPath && navigate(nextPath), !!nextPath);
  useShortcut('p', () => prevPath && navigate(prevPath), !!prevPath);
  useShortcut('l', () => navigate(listPath));
  const prev = feminine ? 'précédente' : 'précédent';
  const next = feminine ? 'suivante' : 'suivant';
  return (
    <Stack
      component="nav"
      aria-label={`Navigation entre les ${noun}s de la liste`}
      direction="row"
      spacing={1}
      alignItems="center"
      useFlexGap
      flexWrap="wrap"
    >
      <Button
        size="small"
        startIcon={<ChevronLeftIcon />}
        component={LinkBase}
        to={prevPath ?? '#'}
        disabled={!hasPrev}
        aria-keyshortcuts="p"
        sx={{ backgroundImage: 'none' }}
      >
        {noun[0].toUpperCase() + noun.slice(1)} {prev}
      </Button>
      {!isPending && index !== undefined && index >= 0 && total ? (
        <Typography variant="body2" component="span" sx={{ color: 'text.secondary' }}>
          {index + 1} sur {total}
        </Typography>
      ) : null}
      <Button
        size="small"
        endIcon={<ChevronRightIcon />}
        component={LinkBase}
        to={nextPath ?? '#'}
        disabled={!hasNext}
        aria-keyshortcuts="s"
        sx={{ backgroundImage: 'none' }}
      >
        {noun[0].toUpperCase() + noun.slice(1)} {next}
      </Button>
    </Stack>
  );
};
