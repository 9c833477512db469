import { NOTIFICATION_TEMPLATES } from '@ptce/domain';
import { AppError } from '../common/app-error';
import { DEFAULT_TEMPLATES } from './default-templates';
import { frenchParseError, renderMail, validateTemplate } from './template-renderer';

describe('e-mail templates (Handlebars, escaped)', () => {
  it.each(NOTIFICATION_TEMPLATES)('the default French template %s uses only its own variables', (code) => {
    expect(() => validateTemplate(code, DEFAULT_TEMPLATES[code])).not.toThrow();
  });

  it('refuses unknown variables and lists them, including inside blocks and helpers', () => {
    try {
      validateTemplate('avis_a_rediger', {
        subject: '{{count}} avis {{#if urgent}}urgents{{/if}}',
        html: '{{#each avis}}<li>{{projectName}} {{budget}}</li>{{/each}}{{#if (eq count 1)}}un{{/if}}',
        text: '{{inboxUrl}} {{../secret}}',
      });
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('VALIDATION_FAILED');
      expect((err as AppError).details).toEqual({ unknownVariables: ['budget', 'secret', 'urgent'] });
    }
  });

  it('refuses a template that does not parse, and partials', () => {
    expect(() => validateTemplate('accuse_reception', { subject: '{{#if projectName}}x', html: 'x', text: 'x' })).toThrow(AppError);
    expect(() => validateTemplate('accuse_reception', { subject: 'x', html: '{{> entete}}', text: 'x' })).toThrow(AppError);
  });

  it('escapes the HTML body, not the subject nor the text; wraps the body in the République française layout', () => {
    const mail = renderMail(
      { subject: 'Dossier « {{projectName}} »', html: '<p>{{projectName}}</p>', text: 'Projet : {{projectName}}' },
      { projectName: '<script>alert("x")</script> & co' },
    );
    expect(mail.subject).toBe('Dossier « <script>alert("x")</script> & co »');
    expect(mail.html).toContain('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('République<br>française');
    expect(mail.html).toContain('<title>Dossier « &lt;script&gt;');
    expect(mail.text).toBe('Projet : <script>alert("x")</script> & co');
  });

  it('decision subjects are unmistakable', () => {
    expect(DEFAULT_TEMPLATES.decision_phase1_laureat.subject).toBe('Décision sur votre candidature à l’AMI PTCE — lauréat de la phase 1');
    expect(DEFAULT_TEMPLATES.decision_phase2_non_retenu.subject).toBe(
      'Décision sur votre candidature à l’AMI PTCE — non retenu en phase 2',
    );
  });
});

describe('template syntax errors in French (QA)', () => {
  it.each([
    ['a {{#if x}} non fermé', /un bloc ou des accolades ne sont pas fermés.*ligne 1/],
    ['{{#if x}}a{{/each}}', /le bloc \{\{#if\}\} est fermé par \{\{\/each\}\}/],
    ['{{ x y z }} }}{{', /se termine au milieu d’une balise/],
    ['{{#if}}', /syntaxe des balises|ligne 1/],
  ])('%s', (src, expected) => {
    const H = require('handlebars');
    let message = '';
    try {
      H.parse(src);
    } catch (e) {
      message = frenchParseError((e as Error).message);
    }
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/Parse error|Expecting|doesn't match/);
  });
});
