import Handlebars from 'handlebars';
import { TEMPLATE_INFO, type NotificationTemplate } from '@ptce/domain';
import { AppError } from '../common/app-error';

/**
 * Renders the e-mails with Handlebars (a maintained engine, HTML escaping on: {{x}} is escaped in the HTML body
 * and the subject is plain text), inside the République française layout. Templates are checked before they are
 * saved: a name that is not one of the template's variables is refused (VALIDATION_FAILED, `unknownVariables`).
 */
const hbs = Handlebars.create();
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
const HELPERS = new Set(['if', 'unless', 'each', 'with', 'eq', 'lookup']);

export interface TemplateTexts {
  subject: string;
  html: string;
  text: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Node = hbs.AST.Node & Record<string, unknown>;

/**
 * Handlebars' parser speaks English ("Parse error on line 1: … Expecting 'OPEN_ENDBLOCK', got 'EOF'"): told in French,
 * with the line, and what is most likely wrong.
 */
export function frenchParseError(message: string): string {
  const line = /on line (\d+)/.exec(message)?.[1];
  const where = line ? ` (ligne ${line})` : '';
  const block = /^(\S+) doesn't match (\S+)/.exec(message);
  if (block) return `le bloc {{#${block[1]}}} est fermé par {{/${block[2]}}}${where}.`;
  if (/got 'EOF'/.test(message) && /OPEN_ENDBLOCK|CLOSE/.test(message))
    return `un bloc ou des accolades ne sont pas fermés (il manque {{/…}} ou }})${where}.`;
  if (/got 'EOF'/.test(message)) return `le texte se termine au milieu d’une balise {{…}}${where}.`;
  return `la syntaxe des balises {{…}} est incorrecte${where} : vérifiez que chaque {{ est fermé par }} et chaque bloc {{#…}} par {{/…}}.`;
}

/** Every variable a template text uses (paths inside {{#each list}} are checked as `list.field` too). */
function collect(src: string, allowed: ReadonlySet<string>, unknown: Set<string>, syntax: string[], label: string): void {
  let ast: hbs.AST.Program;
  try {
    ast = hbs.parse(src);
  } catch (err) {
    syntax.push(`${label} : ${frenchParseError((err as Error).message)}`);
    return;
  }
  const checkPath = (p: Node, scopes: string[]) => {
    if (p.type !== 'PathExpression') return;
    const path = p as unknown as hbs.AST.PathExpression;
    if (path.data) return; // @index, @first...
    const parts = path.parts;
    if (parts.length === 0) return; // {{this}}
    const name = parts.join('.');
    if (allowed.has(name) || allowed.has(parts[0])) return;
    if (scopes.some((s) => allowed.has(`${s}.${name}`) || allowed.has(`${s}.${parts[0]}`))) return;
    unknown.add(name);
  };
  const visit = (n: Node | null | undefined, scopes: string[]): void => {
    if (!n) return;
    switch (n.type) {
      case 'Program':
        for (const s of (n as unknown as hbs.AST.Program).body) visit(s as Node, scopes);
        return;
      case 'MustacheStatement':
      case 'SubExpression': {
        const m = n as unknown as hbs.AST.MustacheStatement;
        const isHelper = m.params.length > 0 || (m.hash?.pairs?.length ?? 0) > 0;
        const head = m.path as unknown as Node;
        if (isHelper) {
          const helper = (m.path as hbs.AST.PathExpression).original;
          if (!HELPERS.has(helper)) unknown.add(helper);
        } else visit(head, scopes);
        for (const p of m.params) visit(p as Node, scopes);
        for (const pair of m.hash?.pairs ?? []) visit(pair.value as Node, scopes);
        return;
      }
      case 'BlockStatement': {
        const b = n as unknown as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        let inner = scopes;
        if (HELPERS.has(helper)) {
          for (const p of b.params) visit(p as Node, scopes);
          if ((helper === 'each' || helper === 'with') && b.params[0]?.type === 'PathExpression') {
            inner = [...scopes, (b.params[0] as hbs.AST.PathExpression).parts.join('.')];
          }
        } else {
          visit(b.path as unknown as Node, scopes); // {{#list}}...{{/list}}: a section over a variable
          inner = [...scopes, (b.path as hbs.AST.PathExpression).parts.join('.')];
        }
        visit(b.program as unknown as Node, inner);
        visit(b.inverse as unknown as Node, scopes);
        return;
      }
      case 'PathExpression':
        checkPath(n, scopes);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
        syntax.push(`${label} : les inclusions (partials) ne sont pas permises.`);
        return;
      default:
        return;
    }
  };
  visit(ast as unknown as Node, []);
}

/** Refuses a template that does not parse or uses a name its e-mail does not provide. */
export function validateTemplate(code: NotificationTemplate, t: TemplateTexts): void {
  const allowed = new Set(TEMPLATE_INFO[code].variables);
  const unknown = new Set<string>();
  const syntax: string[] = [];
  const details: Record<string, unknown> = {};
  for (const [field, label] of [
    ['subject', 'Objet'],
    ['html', 'Corps HTML'],
    ['text', 'Texte brut'],
  ] as const) {
    if (typeof t[field] !== 'string' || !t[field].trim()) details[field] = `${label} : ce champ est obligatoire.`;
    else if (t[field].length > 100_000) details[field] = `${label} : texte trop long (100 000 caractères au plus).`;
    else collect(t[field], allowed, unknown, syntax, label);
  }
  if (Object.keys(details).length) throw AppError.validation(details as Record<string, string>, 'Le modèle est incomplet.');
  if (syntax.length) throw new AppError(400, 'VALIDATION_FAILED', `Le modèle ne peut pas être lu : ${syntax.join(' ; ')}`, { syntax });
  if (unknown.size) {
    const list = [...unknown].sort();
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      `Variable${list.length > 1 ? 's' : ''} inconnue${list.length > 1 ? 's' : ''} dans le modèle : ${list.join(', ')}. ` +
        `Variables disponibles : ${TEMPLATE_INFO[code].variables.join(', ')}.`,
      { unknownVariables: list },
    );
  }
}

const cache = new Map<string, HandlebarsTemplateDelegate>();
function compiled(src: string, escape: boolean): HandlebarsTemplateDelegate {
  const key = `${escape ? 'h' : 't'}\u0000${src}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = hbs.compile(src, { noEscape: !escape, strict: false, knownHelpersOnly: false });
    if (cache.size > 500) cache.clear();
    cache.set(key, fn);
  }
  return fn;
}

/** The République française layout: a simple, responsive, table-based frame that mail clients render alike. */
export function layout(subject: string, body: string): string {
  const esc = hbs.Utils.escapeExpression;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f6f6;font-family:Marianne,Arial,sans-serif;color:#161616">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff">
<tr><td style="padding:20px 24px 12px 24px;border-bottom:1px solid #dddddd">
<div style="display:inline-block;border-left:6px solid #000091;padding-left:10px">
<div style="font-weight:700;font-size:14px;line-height:1.2;text-transform:uppercase;letter-spacing:.02em">République<br>française</div>
<div style="font-style:italic;font-size:11px;color:#3a3a3a;margin-top:4px">Liberté<br>Égalité<br>Fraternité</div>
</div>
<div style="font-size:16px;font-weight:700;margin-top:12px">AMI PTCE — Pôles territoriaux de coopération économique</div>
<div style="font-size:13px;color:#3a3a3a">Mission Économie sociale et solidaire</div>
</td></tr>
<tr><td style="padding:20px 24px;font-size:15px;line-height:1.5">${body}</td></tr>
<tr><td style="padding:12px 24px 20px 24px;border-top:4px solid #e1000f;font-size:12px;color:#666666">Ce courriel est envoyé automatiquement ; merci de ne pas y répondre.</td></tr>
</table></td></tr></table></body></html>`;
}

/** Renders subject (plain text, one line), HTML (escaped, in the layout) and text (not escaped). */
export function renderMail(t: TemplateTexts, vars: Record<string, unknown>): RenderedMail {
  const subject = compiled(t.subject, false)(vars).replace(/\s+/g, ' ').trim();
  const body = compiled(t.html, true)(vars);
  const text = compiled(
    t.text,
    false,
  )(vars)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject, html: layout(subject, body), text };
}
