import { useState } from 'react';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useNotify, useRecordContext, useRefresh } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import type { UserRecord } from './types';

/**
 * Account security for an admin: send (again) the invitation link, and "log out everywhere" (every token and session
 * of the user revoked at once).
 */
export const AccountActions = () => {
  const record = useRecordContext<UserRecord>();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record) return null;

  const run = async (action: 'invitation' | 'revoke-sessions') => {
    setBusy(true);
    try {
      if (action === 'invitation') {
        const res = await dp.call<{ sentTo: string }>('POST', `/users/${record.id}/invitation`);
        notify(`Invitation envoyée à ${res.sentTo} (lien valable 72 heures).`, { type: 'success' });
      } else {
        await dp.call('POST', `/users/${record.id}/revoke-sessions`);
        notify(`Toutes les sessions de ${record.fullName} sont fermées.`, { type: 'success' });
      }
      refresh();
    } catch (error) {
      notify((error as Error).message || 'L’action a échoué.', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={1} sx={{ mt: 2, maxWidth: 640 }} component="section" aria-labelledby="account-security-title">
      <Typography id="account-security-title" variant="h6" component="h2">
        Sécurité du compte
      </Typography>
      {record.passwordSet === false && (
        <Alert severity="info">Cette personne n’a pas encore choisi son mot de passe (invitation en attente).</Alert>
      )}
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Dernière connexion :{' '}
        {record.lastLoginAt ? new Date(record.lastLoginAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }) : 'jamais'}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
        <Button variant="outlined" disabled={busy || !record.active} onClick={() => void run('invitation')}>
          {record.passwordSet === false ? 'Renvoyer l’invitation' : 'Envoyer un lien pour choisir un mot de passe'}
        </Button>
        <Button variant="outlined" color="warning" disabled={busy} onClick={() => void run('revoke-sessions')}>
          Déconnecter partout
        </Button>
      </Stack>
    </Stack>
  );
};
