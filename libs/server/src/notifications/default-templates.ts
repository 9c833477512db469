import type { NotificationTemplate } from '@ptce/domain';

/**
 * The French default texts of every e-mail (seeded by migration 1764000005000; admins edit them afterwards).
 * Handlebars, HTML-escaped by default: {{projectName}} of « <script> » arrives as text. The HTML is the body only;
 * the layout (République française header, responsive width) wraps it at render time.
 */
export interface DefaultTemplate {
  subject: string;
  html: string;
  text: string;
}

const SIGN_HTML = `<p>Cordialement,<br>La mission Économie sociale et solidaire</p>`;
const SIGN_TEXT = `Cordialement,\nLa mission Économie sociale et solidaire`;
const DECISION_PREFIX = 'Décision sur votre candidature à l’AMI PTCE';

export const DEFAULT_TEMPLATES: Record<NotificationTemplate, DefaultTemplate> = {
  accuse_reception: {
    subject: 'AMI PTCE — accusé de réception de votre dossier « {{projectName}} »',
    html: `<p>Bonjour {{referentName}},</p>
<p>Nous avons bien reçu le dossier de candidature <strong>« {{projectName}} »</strong> porté par {{structureName}}, au titre de l’appel à manifestation d’intérêt « {{campaignName}} » (phase {{phase}}), déposé le {{depositedAt}}.</p>
<p>Il va maintenant être examiné. Vous serez informé(e) par courriel des suites données à votre candidature.</p>
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Nous avons bien reçu le dossier de candidature « {{projectName}} » porté par {{structureName}}, au titre de l’appel à manifestation d’intérêt « {{campaignName}} » (phase {{phase}}), déposé le {{depositedAt}}.

Il va maintenant être examiné. Vous serez informé(e) par courriel des suites données à votre candidature.

${SIGN_TEXT}`,
  },
  demande_complements: {
    subject: 'AMI PTCE — compléments demandés pour votre dossier « {{projectName}} »',
    html: `<p>Bonjour {{referentName}},</p>
<p>L’instruction de votre dossier <strong>« {{projectName}} »</strong> nécessite les compléments suivants :</p>
<blockquote style="border-left:4px solid #000091;margin:0;padding:8px 16px;background:#f6f6f6;white-space:pre-line">{{message}}</blockquote>
<p>Merci de les transmettre <strong>avant le {{dueAt}}</strong>. Sans réponse à cette date, le dossier pourra être classé sans suite.</p>
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

L’instruction de votre dossier « {{projectName}} » nécessite les compléments suivants :

{{message}}

Merci de les transmettre avant le {{dueAt}}. Sans réponse à cette date, le dossier pourra être classé sans suite.

${SIGN_TEXT}`,
  },
  relance_complements: {
    subject: 'AMI PTCE — rappel : compléments attendus avant le {{dueAt}} pour « {{projectName}} »',
    html: `<p>Bonjour {{referentName}},</p>
<p>Sauf erreur de notre part, nous n’avons pas encore reçu les compléments demandés pour le dossier <strong>« {{projectName}} »</strong> :</p>
<blockquote style="border-left:4px solid #000091;margin:0;padding:8px 16px;background:#f6f6f6;white-space:pre-line">{{message}}</blockquote>
<p>La date limite est le <strong>{{dueAt}}</strong>.</p>
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Sauf erreur de notre part, nous n’avons pas encore reçu les compléments demandés pour le dossier « {{projectName}} » :

{{message}}

La date limite est le {{dueAt}}.

${SIGN_TEXT}`,
  },
  avis_a_rediger: {
    subject: 'AMI PTCE — {{count}} avis à rédiger',
    html: `<p>Bonjour {{reviewerName}},</p>
<p>Votre avis est attendu sur {{#if (eq count 1)}}le dossier suivant{{else}}les {{count}} dossiers suivants{{/if}} :</p>
<ul>
{{#each avis}}<li><a href="{{url}}">{{projectName}}</a> — {{structureName}} ({{regionLabel}}), avant le <strong>{{dueAt}}</strong></li>
{{/each}}</ul>
<p>Retrouvez-les dans votre <a href="{{inboxUrl}}">boîte de réception des avis</a>.</p>
${SIGN_HTML}`,
    text: `Bonjour {{reviewerName}},

Votre avis est attendu sur {{#if (eq count 1)}}le dossier suivant{{else}}les {{count}} dossiers suivants{{/if}} :
{{#each avis}}
- {{projectName}} — {{structureName}} ({{regionLabel}}), avant le {{dueAt}} : {{url}}
{{/each}}

Boîte de réception des avis : {{inboxUrl}}

${SIGN_TEXT}`,
  },
  relance_avis: {
    subject: '{{#if overdue}}AMI PTCE — avis en retard{{else}}AMI PTCE — rappel : avis attendu le {{dueAt}}{{/if}} sur « {{projectName}} »',
    html: `<p>Bonjour {{reviewerName}},</p>
{{#if overdue}}<p>Votre avis sur le dossier <strong>« {{projectName}} »</strong> ({{structureName}}, {{regionLabel}}) était attendu le <strong>{{dueAt}}</strong>. Merci de le rendre dès que possible, ou de le décliner si vous ne pouvez pas le rédiger.</p>
{{else}}<p>Votre avis sur le dossier <strong>« {{projectName}} »</strong> ({{structureName}}, {{regionLabel}}) est attendu <strong>au plus tard le {{dueAt}}</strong>.</p>
{{/if}}<p><a href="{{avisUrl}}">Rédiger l’avis</a></p>
${SIGN_HTML}`,
    text: `Bonjour {{reviewerName}},

{{#if overdue}}Votre avis sur le dossier « {{projectName}} » ({{structureName}}, {{regionLabel}}) était attendu le {{dueAt}}. Merci de le rendre dès que possible, ou de le décliner.{{else}}Votre avis sur le dossier « {{projectName}} » ({{structureName}}, {{regionLabel}}) est attendu au plus tard le {{dueAt}}.{{/if}}

Rédiger l’avis : {{avisUrl}}

${SIGN_TEXT}`,
  },
  decision_phase1_laureat: {
    subject: `${DECISION_PREFIX} — lauréat de la phase 1`,
    html: `<p>Bonjour {{referentName}},</p>
<p>Nous avons le plaisir de vous annoncer que le projet <strong>« {{projectName}} »</strong> porté par {{structureName}} est <strong>lauréat de la phase 1</strong> de l’appel à manifestation d’intérêt « {{campaignName}} ».</p>
<p>Votre pôle bénéficiera du bouquet de services d’accompagnement prévu pour les lauréats.{{#if services}} Les services qui vous sont attribués :{{/if}} Les modalités de la phase 2 vous seront communiquées prochainement.</p>
{{#if services}}<ul>{{#each services}}<li>{{title}} ({{provider}})</li>{{/each}}</ul>{{/if}}
<p>Toutes nos félicitations.</p>
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Nous avons le plaisir de vous annoncer que le projet « {{projectName}} » porté par {{structureName}} est lauréat de la phase 1 de l’appel à manifestation d’intérêt « {{campaignName}} ».

Votre pôle bénéficiera du bouquet de services d’accompagnement prévu pour les lauréats. Les modalités de la phase 2 vous seront communiquées prochainement.
{{#if services}}
Les services qui vous sont attribués :
{{#each services}}- {{title}} ({{provider}})
{{/each}}{{/if}}
Toutes nos félicitations.

${SIGN_TEXT}`,
  },
  decision_phase1_non_retenu: {
    subject: `${DECISION_PREFIX} — non retenu en phase 1`,
    html: `<p>Bonjour {{referentName}},</p>
<p>Nous vous remercions pour la candidature du projet <strong>« {{projectName}} »</strong> à l’appel à manifestation d’intérêt « {{campaignName}} ».</p>
<p>Nous sommes au regret de vous informer qu’elle <strong>n’a pas été retenue</strong> à l’issue de la phase 1.</p>
{{#if motif}}<p>Motif : {{motif}}</p>{{/if}}
<p>Les acteurs régionaux de l’ESS (correspondant ESS de l’État, CRESS) restent à votre disposition pour accompagner votre projet.</p>
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Nous vous remercions pour la candidature du projet « {{projectName}} » à l’appel à manifestation d’intérêt « {{campaignName}} ».

Nous sommes au regret de vous informer qu’elle n’a pas été retenue à l’issue de la phase 1.
{{#if motif}}
Motif : {{motif}}
{{/if}}
Les acteurs régionaux de l’ESS (correspondant ESS de l’État, CRESS) restent à votre disposition pour accompagner votre projet.

${SIGN_TEXT}`,
  },
  decision_ineligible: {
    subject: `${DECISION_PREFIX} — dossier inéligible`,
    html: `<p>Bonjour {{referentName}},</p>
<p>Après examen, le dossier <strong>« {{projectName}} »</strong> déposé par {{structureName}} (phase {{phase}}) a été déclaré <strong>inéligible</strong> à l’appel à manifestation d’intérêt « {{campaignName}} ».</p>
{{#if motif}}<p>Motif : {{motif}}</p>{{/if}}
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Après examen, le dossier « {{projectName}} » déposé par {{structureName}} (phase {{phase}}) a été déclaré inéligible à l’appel à manifestation d’intérêt « {{campaignName}} ».
{{#if motif}}
Motif : {{motif}}
{{/if}}
${SIGN_TEXT}`,
  },
  decision_sans_suite: {
    subject: `${DECISION_PREFIX} — dossier classé sans suite`,
    html: `<p>Bonjour {{referentName}},</p>
<p>Le dossier <strong>« {{projectName}} »</strong> déposé par {{structureName}} (phase {{phase}}) a été <strong>classé sans suite</strong>.</p>
{{#if motif}}<p>Motif : {{motif}}</p>{{/if}}
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Le dossier « {{projectName}} » déposé par {{structureName}} (phase {{phase}}) a été classé sans suite.
{{#if motif}}
Motif : {{motif}}
{{/if}}
${SIGN_TEXT}`,
  },
  invitation_phase2: {
    subject: 'AMI PTCE — invitation à déposer votre dossier de phase 2',
    html: `<p>Bonjour {{referentName}},</p>
<p>Lauréat de la phase 1, le projet <strong>« {{projectName}} »</strong> est invité à candidater à la <strong>phase 2</strong> de l’appel à manifestation d’intérêt « {{campaignName}} », qui ouvre droit à un soutien financier de l’État.</p>
<p>Le dossier de phase 2 est à déposer sur Démarches Simplifiées <strong>avant le {{phase2DepositDeadline}}</strong>.</p>
{{#if dsUrl}}<p><a href="{{dsUrl}}">Déposer le dossier de phase 2</a></p>{{/if}}
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Lauréat de la phase 1, le projet « {{projectName}} » est invité à candidater à la phase 2 de l’appel à manifestation d’intérêt « {{campaignName}} », qui ouvre droit à un soutien financier de l’État.

Le dossier de phase 2 est à déposer sur Démarches Simplifiées avant le {{phase2DepositDeadline}}.
{{#if dsUrl}}
Déposer le dossier de phase 2 : {{dsUrl}}
{{/if}}
${SIGN_TEXT}`,
  },
  relance_depot_phase2: {
    subject: 'AMI PTCE — rappel : plus que {{daysLeft}} jours pour déposer votre dossier de phase 2',
    html: `<p>Bonjour {{referentName}},</p>
<p>Le projet <strong>« {{projectName}} »</strong> est invité à la phase 2 et nous n’avons pas encore reçu son dossier. La date limite de dépôt est le <strong>{{phase2DepositDeadline}}</strong>.</p>
{{#if dsUrl}}<p><a href="{{dsUrl}}">Déposer le dossier de phase 2</a></p>{{/if}}
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Le projet « {{projectName}} » est invité à la phase 2 et nous n’avons pas encore reçu son dossier. La date limite de dépôt est le {{phase2DepositDeadline}}.
{{#if dsUrl}}
Déposer le dossier de phase 2 : {{dsUrl}}
{{/if}}
${SIGN_TEXT}`,
  },
  decision_phase2_laureat: {
    subject: `${DECISION_PREFIX} — lauréat de la phase 2`,
    html: `<p>Bonjour {{referentName}},</p>
<p>Nous avons le plaisir de vous annoncer que le projet <strong>« {{projectName}} »</strong> porté par {{structureName}} est <strong>lauréat de la phase 2</strong> de l’appel à manifestation d’intérêt « {{campaignName}} ».</p>
{{#if amount}}<p>Le soutien financier de l’État accordé s’élève à <strong>{{amount}}</strong>.</p>{{/if}}
<p>Les services du ministère reviendront vers vous pour la convention.</p>
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Nous avons le plaisir de vous annoncer que le projet « {{projectName}} » porté par {{structureName}} est lauréat de la phase 2 de l’appel à manifestation d’intérêt « {{campaignName}} ».
{{#if amount}}
Le soutien financier de l’État accordé s’élève à {{amount}}.
{{/if}}
Les services du ministère reviendront vers vous pour la convention.

${SIGN_TEXT}`,
  },
  decision_phase2_non_retenu: {
    subject: `${DECISION_PREFIX} — non retenu en phase 2`,
    html: `<p>Bonjour {{referentName}},</p>
<p>Nous vous remercions pour la candidature du projet <strong>« {{projectName}} »</strong> à la phase 2 de l’appel à manifestation d’intérêt « {{campaignName}} ».</p>
<p>Nous sommes au regret de vous informer qu’elle <strong>n’a pas été retenue</strong>.</p>
{{#if motif}}<p>Motif : {{motif}}</p>{{/if}}
${SIGN_HTML}`,
    text: `Bonjour {{referentName}},

Nous vous remercions pour la candidature du projet « {{projectName}} » à la phase 2 de l’appel à manifestation d’intérêt « {{campaignName}} ».

Nous sommes au regret de vous informer qu’elle n’a pas été retenue.
{{#if motif}}
Motif : {{motif}}
{{/if}}
${SIGN_TEXT}`,
  },
  recapitulatif_hebdomadaire: {
    subject: 'AMI PTCE — récapitulatif de la semaine {{weekLabel}}',
    html: `<p>Bonjour {{recipientName}},</p>
<p>Voici l’état de l’instruction :</p>
<table role="presentation" style="border-collapse:collapse">
{{#each states}}<tr><td style="padding:2px 16px 2px 0">{{label}}</td><td style="text-align:right"><strong>{{count}}</strong></td></tr>
{{/each}}</table>
<p>Avis en retard : <strong>{{overdueAvis}}</strong><br>Courriels en échec : <strong>{{failedEmails}}</strong></p>
<p><a href="{{backOfficeUrl}}">Ouvrir le back-office</a></p>`,
    text: `Bonjour {{recipientName}},

Voici l’état de l’instruction :
{{#each states}}
- {{label}} : {{count}}
{{/each}}

Avis en retard : {{overdueAvis}}
Courriels en échec : {{failedEmails}}

Back-office : {{backOfficeUrl}}`,
  },
};
